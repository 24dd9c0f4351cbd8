import { count, modelSummaryHtml, WIDGETS, type ModelSummaryState } from "tslab-ml-protocol";
import { Widget } from "../../display/widget";

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
    return modelSummaryHtml(this.state);
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
