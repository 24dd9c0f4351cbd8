export * from "./image-dataset";
export * from "./image-files";
export * from "./read-image";
export * from "./load-image-folder";
export * from "./idx";
export * from "./fashion-mnist";
export * from "./stratified-subset";
export { splitDataset } from "./split-dataset";
export type { SplitDatasetOptions, DatasetSplit } from "./split-dataset";
