export * from "./validate";
export * from "./base-view";
export * from "./image-batch";
export * from "./gradient-monitor";
export * from "./capacity";
export * from "./onnx-export";
