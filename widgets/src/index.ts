export * from "./version";
export * from "./protocol";
export * from "./views/image-batch";
