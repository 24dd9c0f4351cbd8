import { escapeHtml } from "../display/html";
import { formatBytes, formatDiff, formatShape, verdictOf, type OnnxExportReport } from "./report";
import type { SignatureEntry } from "./convert/signature";

/** Self-contained HTML (inline styles only) of an export report; every model-provided string is escaped. */
export function renderOnnxReportHtml(report: OnnxExportReport): string {
  const e = escapeHtml;
  const verdict = verdictOf(report);
  const colour = verdict === "passed" ? "#1a7f37" : verdict === "FAILED" ? "#cf222e" : "#57606a";
  const cellStyle = "padding:2px 8px;border-bottom:1px solid #d0d7de;text-align:left";
  const cell = `style="${cellStyle}"`;
  const head = 'style="padding:2px 8px;border-bottom:2px solid #d0d7de;text-align:left"';
  const sig = (rows: SignatureEntry[]): string =>
    rows
      .map(
        (s) =>
          `<tr><td ${cell}><code>${e(s.name)}</code></td><td ${cell}>${e(s.elemType)}</td><td ${cell}>${e(formatShape(s.shape))}</td><td ${cell}>${e(s.layout ?? "")}</td></tr>`,
      )
      .join("");
  const ops = Object.entries(report.opCounts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(
      ([op, n]) =>
        `<span style="display:inline-block;margin:1px 4px 1px 0;padding:0 6px;border-radius:8px;background:#eaeef2">${e(op)} ×${n}</span>`,
    )
    .join("");
  const parts: string[] = [];
  parts.push(`<div style="font-family:system-ui,sans-serif;font-size:13px;line-height:1.4;max-width:900px">`);
  parts.push(
    `<div style="font-weight:600;font-size:14px">ONNX export of “${e(report.modelName)}” — <span style="color:${colour}">${e(verdict)}</span></div>`,
  );
  parts.push(
    `<div><code>${e(report.file)}</code> · ${e(formatBytes(report.bytes))} · opset ${report.opset} (IR ${report.irVersion}) · ${report.nodeCount} nodes · ${report.parameterCount.toLocaleString("en-US")} parameters · exported in ${report.exportMs.toFixed(0)} ms</div>`,
  );
  parts.push(
    `<table style="border-collapse:collapse;margin:6px 0"><tr><th ${head}>input</th><th ${head}>type</th><th ${head}>shape</th><th ${head}>layout</th></tr>${sig(report.inputs)}</table>`,
  );
  parts.push(
    `<table style="border-collapse:collapse;margin:6px 0"><tr><th ${head}>output</th><th ${head}>type</th><th ${head}>shape</th><th ${head}></th></tr>${sig(report.outputs)}</table>`,
  );
  parts.push(`<div style="margin:6px 0">${ops}</div>`);
  const v = report.verification;
  if (v) {
    const rows = v.cases
      .flatMap((c) =>
        c.outputs.map(
          (o) =>
            `<tr><td ${cell}>${e(c.label)}</td><td ${cell}><code>${e(o.name)}</code></td><td ${cell}>${e(formatShape(o.shape))}</td><td ${cell}>${e(formatDiff(o.maxAbsDiff))}</td><td ${cell}>${e(formatDiff(o.maxRelDiff))}</td><td style="${cellStyle};color:${o.passed ? "#1a7f37" : "#cf222e"}">${o.passed ? "pass" : "FAIL"}</td></tr>`,
        ),
      )
      .join("");
    parts.push(
      `<table style="border-collapse:collapse;margin:6px 0"><tr><th ${head}>inputs</th><th ${head}>output</th><th ${head}>shape</th><th ${head}>max abs diff</th><th ${head}>max rel diff</th><th ${head}>atol ${v.atol}, rtol ${v.rtol}</th></tr>${rows}</table>`,
    );
    if (v.latency) {
      const l = v.latency;
      const ratio = l.onnxMs > 0 ? `×${(l.tfjsMs / l.onnxMs).toFixed(1)}` : "";
      parts.push(
        `<div>Latency (batch ${l.batchSize}, median of ${l.runs}): tfjs ${e(l.backend)} ${l.tfjsMs.toFixed(2)} ms · onnxruntime ${l.onnxMs.toFixed(2)} ms ${ratio}</div>`,
      );
    }
  }
  parts.push(`</div>`);
  return parts.join("");
}
