export * from "./common";
export * from "./image-batch";
