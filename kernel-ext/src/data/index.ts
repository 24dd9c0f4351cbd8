export * from "./image-dataset";
