export * from "./validate";
export * from "./base-view";
export * from "./image-batch";
