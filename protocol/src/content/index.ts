export * from "./common";
export * from "./class-balance";
export * from "./curves";
export * from "./gradient-monitor";
export * from "./mispredictions";
export * from "./outlier-report";
export * from "./onnx-export";
