/** State of the ONNX export report (`exportOnnx`). Non-finite diffs arrive as null (JSON has no Infinity). */
export interface OnnxSignatureState {
  name: string;
  elemType: string;
  shape: (number | string)[];
  layout: "NHWC" | "NCHW" | null;
}

export interface OnnxOutputComparisonState {
  name: string;
  shape: number[];
  maxAbsDiff: number | null;
  maxRelDiff: number | null;
  passed: boolean;
}

export interface OnnxExportState {
  file: string;
  bytes: number;
  opset: number;
  irVersion: number;
  modelName: string;
  exportMs: number;
  opCounts: Record<string, number>;
  nodeCount: number;
  parameterCount: number;
  dynamicBatch: boolean;
  inputsAsNchw: boolean;
  inputs: OnnxSignatureState[];
  outputs: OnnxSignatureState[];
  verification: {
    atol: number;
    rtol: number;
    passed: boolean;
    cases: { label: string; batchSize: number; outputs: OnnxOutputComparisonState[]; passed: boolean }[];
    latency: { tfjsMs: number; onnxMs: number; runs: number; batchSize: number; backend: string } | null;
  } | null;
}
