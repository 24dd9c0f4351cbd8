import { bytes, count, diff, shape } from "../format";
import { escapeHtml, tag, text } from "../render/html";
import { tableHtml, type TableSpec } from "../render/table";
import type { OnnxExportState, OnnxSignatureState } from "../widgets/onnx-export";

/** "passed", "FAILED" or "not verified". */
export function onnxVerdict(
  state: Pick<OnnxExportState, "verification">,
): "passed" | "FAILED" | "not verified" {
  if (!state.verification) return "not verified";
  return state.verification.passed ? "passed" : "FAILED";
}

const VERDICT_COLOR = { passed: "#1a7f37", FAILED: "#cf222e", "not verified": "#57606a" } as const;

function signatureTable(entries: readonly OnnxSignatureState[], kind: "input" | "output"): TableSpec {
  return {
    className: `tslab-ml-onnx-${kind}s`,
    columns: [
      { key: "name", label: kind },
      { key: "type", label: "type" },
      { key: "shape", label: "shape" },
      { key: "layout", label: "layout" },
    ],
    rows: entries.map((e) => ({
      name: e.name,
      type: e.elemType,
      shape: shape(e.shape),
      layout: e.layout ?? "",
    })),
    empty: `no ${kind}`,
  };
}

function verificationTable(v: NonNullable<OnnxExportState["verification"]>): TableSpec {
  return {
    className: "tslab-ml-onnx-verification",
    columns: [
      { key: "case", label: "inputs" },
      { key: "output", label: "output" },
      { key: "shape", label: "shape" },
      { key: "abs", label: "max abs diff" },
      { key: "rel", label: "max rel diff" },
      { key: "result", label: `atol ${v.atol}, rtol ${v.rtol}` },
    ],
    rows: v.cases.flatMap((c) =>
      c.outputs.map((o) => ({
        case: c.label,
        output: o.name,
        shape: shape(o.shape),
        abs: diff(o.maxAbsDiff),
        rel: diff(o.maxRelDiff),
        result: o.passed ? "pass" : "FAIL",
      })),
    ),
    empty: "no input set was compared",
  };
}

/**
 * The export report as self-contained HTML (inline styles, no external resource), every string from the
 * model escaped: the live view shows it as it is and the notebook's static output is the same markup.
 */
export function onnxReportHtml(state: OnnxExportState): string {
  const verdict = onnxVerdict(state);
  const ops = Object.entries(state.opCounts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(
      ([op, n]) =>
        `<span style="display:inline-block;margin:1px 4px 1px 0;padding:0 6px;border-radius:8px;background:#eaeef2">${escapeHtml(op)} ×${n}</span>`,
    )
    .join("");
  const parts = [
    tag(
      "div",
      { class: "tslab-ml-verdict", style: "font-weight:600;font-size:14px" },
      `ONNX export of “${escapeHtml(state.modelName)}” — ${text("span", { style: `color:${VERDICT_COLOR[verdict]}` }, verdict)}`,
    ),
    tag(
      "div",
      { class: "tslab-ml-onnx-file", style: "overflow-wrap:anywhere" },
      `<code>${escapeHtml(state.file)}</code> · ${escapeHtml(bytes(state.bytes))} · opset ${state.opset} (IR ${state.irVersion}) · ` +
        `${count(state.nodeCount)} nodes · ${count(state.parameterCount)} parameters · exported in ${state.exportMs.toFixed(0)} ms`,
    ),
    tableHtml(signatureTable(state.inputs, "input")),
    tableHtml(signatureTable(state.outputs, "output")),
    tag("div", { class: "tslab-ml-onnx-ops", style: "margin:6px 0" }, ops),
  ];
  const v = state.verification;
  if (v) {
    parts.push(tableHtml(verificationTable(v)));
    if (v.latency) {
      const l = v.latency;
      const ratio = l.onnxMs > 0 ? ` (tfjs / onnxruntime = ${(l.tfjsMs / l.onnxMs).toFixed(2)})` : "";
      parts.push(
        text(
          "div",
          { class: "tslab-ml-latency" },
          `Latency (batch ${l.batchSize}, median of ${l.runs}): tfjs ${l.backend} ${l.tfjsMs.toFixed(2)} ms · onnxruntime ${l.onnxMs.toFixed(2)} ms${ratio}`,
        ),
      );
    }
  }
  return tag(
    "div",
    {
      class: "tslab-ml-onnx-report",
      style: "font-family:system-ui,sans-serif;font-size:13px;line-height:1.4;max-width:900px",
    },
    parts.join(""),
  );
}
