import { WIDGETS, type ModelSummaryState } from "tslab-ml-protocol";
import { escapeHtml } from "../../display/html";
import { Widget } from "../../display/widget";

const count = (n: number): string => n.toLocaleString("en-US");
const bytes = (n: number): string =>
  n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} KB` : `${n} B`;

/** The widget of `modelSummary`. */
export class ModelSummary extends Widget<typeof WIDGETS.modelSummary> {
  constructor(state: ModelSummaryState) {
    super(WIDGETS.modelSummary, state);
  }

  /** Parameters in all layers, trainable and not. */
  get totalParams(): number {
    return this.state.total_trainable + this.state.total_non_trainable;
  }

  get rows(): ModelSummaryState["rows"] {
    return this.state.rows.map((r) => ({ ...r }));
  }

  protected fallbackHtml(): string {
    const s = this.state;
    const th = 'style="text-align:left;padding:2px 8px;border-bottom:1px solid #999"';
    const td = 'style="padding:2px 8px;border-bottom:1px solid #eee;white-space:nowrap"';
    const num = 'style="padding:2px 8px;border-bottom:1px solid #eee;text-align:right"';
    const badges = (layer: string): string =>
      s.verdicts
        .filter((v) => v.layer === layer)
        .map(
          (v) =>
            `<span title="${escapeHtml(v.evidence)}" style="padding:0 6px;border-radius:8px;background:#fce8e6;color:#a50e0e;font-size:11px">${escapeHtml(v.kind)}</span>`,
        )
        .join(" ");
    const rows = s.rows
      .map(
        (r) =>
          `<tr><td ${td}>${escapeHtml(r.name)}</td><td ${td}>${escapeHtml(r.class_name)}</td>` +
          `<td ${td}>${escapeHtml(r.output_shape)}</td><td ${num}>${count(r.trainable_params)}</td>` +
          `<td ${num}>${count(r.non_trainable_params)}</td><td ${td}>${escapeHtml(r.activation)}</td>` +
          `<td ${num}>${bytes(r.weight_bytes)}</td>${s.monitored ? `<td ${td}>${badges(r.name)}</td>` : ""}</tr>`,
      )
      .join("");
    return (
      `<div class="tslab-ml-model-summary" style="font:13px sans-serif"><b>${escapeHtml(s.title)}</b>` +
      `<div style="overflow-x:auto"><table style="border-collapse:collapse;margin:6px 0"><tr><th ${th}>layer</th>` +
      `<th ${th}>type</th><th ${th}>output shape</th><th ${th}>trainable</th><th ${th}>non-trainable</th>` +
      `<th ${th}>activation</th><th ${th}>weights</th>${s.monitored ? `<th ${th}>verdicts</th>` : ""}</tr>${rows}` +
      `<tr><td ${td}><b>total</b></td><td></td><td></td><td ${num}><b>${count(s.total_trainable)}</b></td>` +
      `<td ${num}><b>${count(s.total_non_trainable)}</b></td><td></td><td ${num}><b>${bytes(s.total_weight_bytes)}</b></td></tr>` +
      `</table></div></div>`
    );
  }

  toString(): string {
    const s = this.state;
    const width = Math.max(5, ...s.rows.map((r) => r.name.length));
    const lines = s.rows.map((r) => {
      const kinds = s.verdicts.filter((v) => v.layer === r.name).map((v) => v.kind);
      return (
        `  ${r.name.padEnd(width)}  ${r.class_name.padEnd(18)} ${r.output_shape.padEnd(20)} ` +
        `${count(r.trainable_params + r.non_trainable_params).padStart(10)}` +
        (kinds.length ? `  [${kinds.join(", ")}]` : "")
      );
    });
    return [s.title, ...lines].join("\n");
  }
}
