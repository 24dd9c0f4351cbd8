import { bytes, count } from "../format";
import { tag, text } from "../render/html";
import { tableHtml, type TableSpec } from "../render/table";
import type { ModelSummaryState } from "../widgets/model-summary";
import type { VerdictState } from "../widgets/verdict";
import { titleHtml } from "./common";

/** A verdict as a small red badge; its step, evidence and cures show on hover. */
export function verdictBadgeHtml(v: VerdictState): string {
  return text(
    "span",
    {
      title: `step ${v.step}: ${v.evidence}\ncures: ${v.cures.join("; ")}`,
      class: "tslab-ml-badge",
      style:
        "display:inline-block;margin:1px 3px 1px 0;padding:0 6px;border-radius:8px;background:#fce8e6;" +
        "color:#a50e0e;font:11px sans-serif",
    },
    v.kind,
  );
}

/** True when a layer feeds from several layers or not from the row above: the table shows each row's inputs. */
function isGraph(rows: ModelSummaryState["rows"]): boolean {
  return rows.some((r, i) => r.inputs.length > 1 || (i > 0 && r.inputs[0] !== rows[i - 1]!.name));
}

/**
 * Layers input to output: type, output shape, parameters, activation, weight memory; the inputs of each
 * layer for a graph model, the verdicts of each layer when a monitor was given; totals in the footer.
 */
export function modelSummaryTable(state: ModelSummaryState): TableSpec {
  const number = (v: unknown): string => (typeof v === "number" ? count(v) : "");
  const size = (v: unknown): string => (typeof v === "number" ? bytes(v) : "");
  return {
    className: "tslab-ml-layers",
    columns: [
      { key: "layer", label: "layer" },
      { key: "type", label: "type" },
      { key: "shape", label: "output shape" },
      { key: "trainable", label: "trainable", format: number },
      { key: "frozen", label: "non-trainable", format: number },
      { key: "activation", label: "activation" },
      { key: "weights", label: "weights", format: size },
      ...(isGraph(state.rows) ? [{ key: "inputs", label: "inputs" }] : []),
      ...(state.monitored
        ? [
            {
              key: "verdicts",
              label: "verdicts",
              // Body rows only (their kinds are the cell's value); the footer has none.
              html: (kinds: unknown, row: Readonly<Record<string, unknown>>) =>
                kinds
                  ? state.verdicts
                      .filter((v) => v.layer === row.layer)
                      .map(verdictBadgeHtml)
                      .join("")
                  : "",
            },
          ]
        : []),
    ],
    rows: state.rows.map((r) => ({
      layer: r.name,
      type: r.class_name,
      shape: r.output_shape,
      trainable: r.trainable_params,
      frozen: r.non_trainable_params,
      activation: r.activation,
      weights: r.weight_bytes,
      inputs: r.inputs.join(", "),
      // The kinds, for sorting by verdict.
      verdicts: state.verdicts
        .filter((v) => v.layer === r.name)
        .map((v) => v.kind)
        .join(" "),
    })),
    footer: [
      {
        layer: "total",
        type: "",
        shape: "",
        activation: "",
        inputs: "",
        trainable: state.total_trainable,
        frozen: state.total_non_trainable,
        weights: state.total_weight_bytes,
      },
    ],
    empty: "no layers",
  };
}

/** Verdicts about no layer of the table (the whole model): a line of badges, or nothing. */
export function modelWideVerdictsHtml(state: ModelSummaryState): string {
  const modelWide = state.verdicts.filter((v) => !state.rows.some((r) => r.name === v.layer));
  return modelWide.length
    ? tag("div", { class: "tslab-ml-model-verdicts" }, `model: ${modelWide.map(verdictBadgeHtml).join("")}`)
    : "";
}

/** The static fallback: title, model-wide verdicts, and the table in a scroller. */
export function modelSummaryHtml(state: ModelSummaryState): string {
  return tag(
    "div",
    { class: "tslab-ml-model-summary", style: "font:13px sans-serif" },
    titleHtml(state.title) +
      modelWideVerdictsHtml(state) +
      tag("div", { style: "overflow-x:auto;max-width:100%" }, tableHtml(modelSummaryTable(state))),
  );
}
