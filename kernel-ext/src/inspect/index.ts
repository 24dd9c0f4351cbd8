export * from "./pixels";
export * from "./image-batch";
export * from "./show-batch";
