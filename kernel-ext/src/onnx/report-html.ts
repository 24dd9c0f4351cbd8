import { onnxReportHtml } from "tslab-ml-protocol";
import type { OnnxExportReport } from "./report";

/**
 * Self-contained HTML (inline styles only) of an export report, every model-provided string escaped: the
 * same markup the live OnnxExport view shows (one renderer, in tslab-ml-protocol).
 */
export function renderOnnxReportHtml(report: OnnxExportReport): string {
  return onnxReportHtml(report);
}
