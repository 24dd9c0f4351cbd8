import { el } from "../components/dom";
import { bytes, count, WIDGETS, type VerdictState } from "tslab-ml-protocol";
import { TslabMlView } from "./base-view";

/** A verdict as a small coloured badge; its evidence shows on hover. */
function badge(v: VerdictState): HTMLElement {
  return el("span", {
    className: "tslab-ml-badge",
    text: v.kind,
    attrs: { title: `step ${v.step}: ${v.evidence}\ncures: ${v.cures.join("; ")}` },
    style:
      "display:inline-block;margin:1px 3px 1px 0;padding:0 6px;border-radius:8px;background:#fce8e6;" +
      "color:#a50e0e;font:11px sans-serif",
  });
}

/** Layers, output shapes, parameter counts, activations and weight memory; verdict badges with a monitor. */
export class ModelSummaryView extends TslabMlView<typeof WIDGETS.modelSummary> {
  protected readonly contract = WIDGETS.modelSummary;

  protected draw(): HTMLElement {
    const rows = this.get("rows");
    const verdicts = this.get("verdicts");
    const monitored = this.get("monitored");
    const graph = rows.some((r, i) => r.inputs.length > 1 || (i > 0 && r.inputs[0] !== rows[i - 1]!.name));
    const headers = [
      "layer",
      "type",
      "output shape",
      "trainable",
      "non-trainable",
      "activation",
      "weights",
      ...(graph ? ["inputs"] : []),
      ...(monitored ? ["verdicts"] : []),
    ];
    const cell = (text: string, right = false): HTMLElement =>
      el("td", {
        text,
        style: `padding:2px 8px;border-bottom:1px solid #eee;white-space:nowrap${right ? ";text-align:right" : ""}`,
      });
    const body = rows.map((r) => {
      const tr = el("tr", {}, [
        cell(r.name),
        cell(r.class_name),
        cell(r.output_shape),
        cell(count(r.trainable_params), true),
        cell(count(r.non_trainable_params), true),
        cell(r.activation),
        cell(bytes(r.weight_bytes), true),
      ]);
      if (graph) tr.append(cell(r.inputs.join(", ")));
      if (monitored) tr.append(el("td", {}, verdicts.filter((v) => v.layer === r.name).map(badge)));
      return tr;
    });
    const totals = el("tr", { style: "font-weight:bold" }, [
      cell("total"),
      cell(""),
      cell(""),
      cell(count(this.get("total_trainable")), true),
      cell(count(this.get("total_non_trainable")), true),
      cell(""),
      cell(bytes(this.get("total_weight_bytes")), true),
    ]);
    const modelWide = verdicts.filter((v) => !rows.some((r) => r.name === v.layer));
    return el("div", { className: "tslab-ml-model-summary" }, [
      el("div", {
        className: "tslab-ml-title",
        text: this.get("title"),
        style: "font:bold 13px sans-serif;margin:4px 0",
      }),
      ...(modelWide.length
        ? [el("div", {}, [el("span", { text: "model: " }), ...modelWide.map(badge)])]
        : []),
      el("div", { style: "overflow-x:auto;max-width:100%" }, [
        el("table", { className: "tslab-ml-table", style: "border-collapse:collapse;font:12px sans-serif" }, [
          el(
            "tr",
            {},
            headers.map((h) =>
              el("th", { text: h, style: "text-align:left;padding:2px 8px;border-bottom:1px solid #999" }),
            ),
          ),
          ...body,
          totals,
        ]),
      ]),
    ]);
  }
}
