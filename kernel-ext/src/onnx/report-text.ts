import {
  bytes as formatBytes,
  diff as formatDiff,
  onnxVerdict as verdictOf,
  shape as formatShape,
} from "tslab-ml-protocol";
import type { OnnxExportReport } from "./report";

/** A plain-text summary of an export, for terminals and text/plain outputs. */
export function renderOnnxReportText(report: OnnxExportReport): string {
  const lines: string[] = [];
  lines.push(`ONNX export of "${report.modelName}": ${verdictOf(report)}`);
  lines.push(`  file     ${report.file} (${formatBytes(report.bytes)})`);
  lines.push(
    `  opset    ${report.opset} (IR ${report.irVersion}), ${report.nodeCount} nodes, ${report.parameterCount} parameters, ${report.exportMs.toFixed(0)} ms`,
  );
  for (const i of report.inputs)
    lines.push(
      `  input    ${i.name}: ${i.elemType}[${formatShape(i.shape)}]${i.layout ? ` ${i.layout}` : ""}`,
    );
  for (const o of report.outputs) lines.push(`  output   ${o.name}: ${o.elemType}[${formatShape(o.shape)}]`);
  const ops = Object.entries(report.opCounts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([op, n]) => `${op}×${n}`);
  lines.push(`  ops      ${ops.join(" ")}`);
  const v = report.verification;
  if (v) {
    lines.push(`  verify   atol ${v.atol}, rtol ${v.rtol}`);
    for (const c of v.cases) {
      for (const o of c.outputs) {
        lines.push(
          `    ${o.passed ? "ok  " : "FAIL"} ${c.label} → ${o.name}: max abs ${formatDiff(o.maxAbsDiff)}, max rel ${formatDiff(o.maxRelDiff)}`,
        );
      }
    }
    if (v.latency) {
      const l = v.latency;
      const ratio = l.onnxMs > 0 ? (l.tfjsMs / l.onnxMs).toFixed(1) : "∞";
      lines.push(
        `  latency  tfjs (${l.backend}) ${l.tfjsMs.toFixed(2)} ms, onnxruntime ${l.onnxMs.toFixed(2)} ms (×${ratio}), batch ${l.batchSize}, median of ${l.runs}`,
      );
    }
  }
  return lines.join("\n");
}
