export * from "./pixels";
export * from "./image-batch";
export * from "./show-batch";
export * from "./show-augmentations";
export * from "./class-balance";
export * from "./thumbnails";
export * from "./mispredictions";
