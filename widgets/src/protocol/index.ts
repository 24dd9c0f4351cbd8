export * from "./common";
export * from "./image-batch";
export * from "./gradient-monitor";
export * from "./capacity";
export * from "./onnx-export";
