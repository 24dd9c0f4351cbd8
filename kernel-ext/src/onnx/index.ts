export { exportOnnx, type ExportOnnxOptions } from "./export-onnx";
export { OnnxExport } from "./report-widget";
export type { OnnxExportReport } from "./report";
export { renderOnnxReportHtml } from "./report-html";
export { renderOnnxReportText } from "./report-text";
export {
  registerOnnxConverter,
  registeredConverters,
  supportedClassNames,
  type OnnxConverterFn,
  type ConverterOptions,
  type ConverterEntry,
} from "./registry";
export type { LayerCall, WeightTransform } from "./convert/layer-call";
export type { TensorRef, KerasShape } from "./convert/tensor-ref";
export type { ConverterResult, ConverterOutput } from "./convert/converter-result";
export type { SignatureEntry } from "./convert/signature";
export type { VerifyOptions, VerificationReport, VerificationCase } from "./verify/verify";
export type { OutputComparison } from "./verify/compare";
export type { LatencyReport } from "./verify/latency";
export { OnnxExportError, UnsupportedLayerError } from "./errors";
export { MIN_OPSET, MAX_OPSET, DEFAULT_OPSET } from "./opset";
export { runExportCli, type CliStreams } from "./cli-export";
export { fileModelHandler } from "../backend/model-files";
export { renderSupportTable } from "./support-table";
export type { OnnxGraphBuilder } from "./builder/graph-builder";
export { attr as onnxAttribute } from "./ir/attributes";
export { ort } from "./ort";
