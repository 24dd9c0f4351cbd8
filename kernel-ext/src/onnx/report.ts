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

/** "batch×224×224×3" */
export function formatShape(shape: readonly (number | string)[]): string {
  return shape.length === 0 ? "scalar" : shape.join("×");
}

export function formatDiff(value: number): string {
  if (!Number.isFinite(value)) return "∞";
  if (value === 0) return "0";
  return value.toExponential(2);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(2)} MiB`;
}

/** "passed", "FAILED" or "not verified". */
export function verdictOf(report: OnnxExportReport): "passed" | "FAILED" | "not verified" {
  if (!report.verification) return "not verified";
  return report.verification.passed ? "passed" : "FAILED";
}
