// The registry of widgets: every contract, by kind. A widget added here must get a view (widgets/src/views/
// registry.ts checks it) and a kernel class.
export * from "./image-batch";
export * from "./class-balance";
export * from "./mispredictions";
export * from "./outlier-report";
export * from "./label-issues";
export * from "./capacity";
export * from "./gradient-monitor";
export * from "./onnx-export";
export * from "./training-curves";
export * from "./model-summary";
export * from "./learning-rate-finder";
export type { VerdictState } from "./verdict";
