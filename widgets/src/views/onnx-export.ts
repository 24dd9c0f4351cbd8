import { el } from "../components/dom";
import { SortableTable } from "../components/sortable-table";
import { WIDGET_CLASSES, type OnnxExportState, type OnnxSignatureState } from "../protocol";
import { modelClass, TslabMlView } from "./base-view";
import type { Expect } from "./validate";

export const OnnxExportModel = modelClass(WIDGET_CLASSES.onnxExport);

const bytes = (n: number): string =>
  n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / 1048576).toFixed(2)} MiB`;
const diff = (x: number | null): string =>
  x === null || !Number.isFinite(x) ? "∞" : x === 0 ? "0" : x.toExponential(2);
const shape = (s: (number | string)[]): string => (s.length ? s.join("×") : "scalar");

/** The export cell's report: file, opset, op counts, signature, verification against tfjs, latencies. */
export class OnnxExportView extends TslabMlView {
  protected readonly stateSpec: Record<string, Expect> = {
    file: "string",
    bytes: "number",
    opset: "number",
    opCounts: "object",
    inputs: "array",
    outputs: "array",
  };

  protected draw(): HTMLElement {
    const s = this.model.get.bind(this.model) as <K extends keyof OnnxExportState>(
      k: K,
    ) => OnnxExportState[K];
    const verification = s("verification") ?? null;
    const verdict = verification
      ? verification.passed
        ? "verified"
        : "FAILED verification"
      : "not verified";
    const color = verification ? (verification.passed ? "#188038" : "#d93025") : "#5f6368";
    const signature = (entries: OnnxSignatureState[], kind: string): Record<string, string>[] =>
      entries.map((e) => ({
        kind,
        name: e.name,
        type: e.elemType,
        shape: shape(e.shape),
        layout: e.layout ?? "",
      }));
    const sig = new SortableTable(
      [
        { key: "kind", label: "" },
        { key: "name", label: "name" },
        { key: "type", label: "type" },
        { key: "shape", label: "shape" },
        { key: "layout", label: "layout" },
      ],
      [...signature(s("inputs"), "input"), ...signature(s("outputs"), "output")],
    );
    const ops = new SortableTable(
      [
        { key: "op", label: "operator" },
        { key: "count", label: "nodes" },
      ],
      Object.entries(s("opCounts")).map(([op, count]) => ({ op, count })),
    );
    ops.sortBy("count", true);
    const parts: HTMLElement[] = [
      el("div", {
        className: "tslab-ml-verdict",
        text: `ONNX export ${verdict}`,
        style: `font:bold 14px sans-serif;color:${color}`,
      }),
      el("div", {
        className: "tslab-ml-onnx-file",
        text: `${s("file")} — ${bytes(s("bytes"))}, opset ${s("opset")}, ${s("nodeCount")} nodes, ${s("parameterCount").toLocaleString()} parameters, exported in ${s("exportMs").toFixed(0)} ms`,
        style: "font:12px monospace;margin:4px 0",
      }),
      sig.element,
    ];
    if (verification) {
      const rows = verification.cases.flatMap((c) =>
        c.outputs.map((o) => ({
          case: c.label,
          output: o.name,
          abs: diff(o.maxAbsDiff),
          rel: diff(o.maxRelDiff),
          result: o.passed ? "pass" : "FAIL",
        })),
      );
      parts.push(
        el("div", {
          text: `verification against tfjs predict (atol ${verification.atol}, rtol ${verification.rtol})`,
          style: "font:bold 12px sans-serif;margin-top:6px",
        }),
        new SortableTable(
          [
            { key: "case", label: "inputs" },
            { key: "output", label: "output" },
            { key: "abs", label: "max abs diff" },
            { key: "rel", label: "max rel diff" },
            { key: "result", label: "" },
          ],
          rows,
        ).element,
      );
      const latency = verification.latency;
      if (latency) {
        parts.push(
          el("div", {
            className: "tslab-ml-latency",
            text:
              `latency, batch ${latency.batchSize}, median of ${latency.runs}: tfjs (${latency.backend}) ${latency.tfjsMs.toFixed(2)} ms, ` +
              `onnxruntime ${latency.onnxMs.toFixed(2)} ms (tfjs / onnxruntime = ${(latency.tfjsMs / Math.max(latency.onnxMs, 1e-9)).toFixed(2)})`,
            style: "font:12px sans-serif;margin:4px 0",
          }),
        );
      }
    }
    parts.push(
      el("div", { text: "operators", style: "font:bold 12px sans-serif;margin-top:6px" }),
      ops.element,
    );
    return el("div", { className: "tslab-ml-onnx-export" }, parts);
  }
}
