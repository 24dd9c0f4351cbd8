import type { SignatureEntry } from "./convert/signature";
import type { VerificationReport } from "./verify/verify";

/** The outcome of one export, as plain data (it is also the report widget's state). */
export type OnnxExportReport = {
  /** Absolute path of the written file. */
  file: string;
  bytes: number;
  opset: number;
  irVersion: number;
  modelName: string;
  /** Milliseconds spent converting and serialising (not verifying). */
  exportMs: number;
  /** Node count per ONNX operator type. */
  opCounts: Record<string, number>;
  nodeCount: number;
  parameterCount: number;
  dynamicBatch: boolean;
  inputsAsNchw: boolean;
  inputs: SignatureEntry[];
  outputs: SignatureEntry[];
  /** null when verification was switched off. */
  verification: VerificationReport | null;
};
