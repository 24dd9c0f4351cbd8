import { capacityAdviceHtml, capacityChartsSvg, capacityVerdictHtml, WIDGETS } from "tslab-ml-protocol";
import { Widget } from "../display/widget";
import { judgeCapacity, type CapacityDiagnosis, type CapacityThresholds, type HistoryLike } from "./capacity";

/** Learning curves and the capacity verdict (`diagnoseCapacity`). */
export class CapacityReport extends Widget<typeof WIDGETS.capacity> {
  constructor(readonly diagnosis: CapacityDiagnosis) {
    super(WIDGETS.capacity, {
      title: `Capacity: ${diagnosis.verdict.replace("_", " ")}`,
      curves: diagnosis.curves,
      verdict: diagnosis.verdict,
      evidence: diagnosis.evidence,
      advice: diagnosis.advice,
    });
  }

  get verdict(): CapacityDiagnosis["verdict"] {
    return this.diagnosis.verdict;
  }

  get evidence(): string[] {
    return [...this.diagnosis.evidence];
  }

  protected fallbackHtml(): string {
    const s = this.state;
    return (
      `<div class="tslab-ml-capacity" style="font:13px sans-serif">` +
      capacityVerdictHtml(s) +
      `<div style="display:flex;gap:8px;flex-wrap:wrap">${capacityChartsSvg(s)}</div>` +
      `${capacityAdviceHtml(s)}</div>`
    );
  }

  toString(): string {
    return [this.state.title, ...this.state.evidence.map((e) => `  ${e}`)].join("\n");
  }
}

/**
 * Learning curves and a verdict — underfitting, overfitting, good_fit or not_converged — with its evidence,
 * from the History `model.fit` returns (or its `history` object: loss, val_loss and metrics per epoch).
 * `thresholds` tunes what counts as a gap or a plateau.
 * @example diagnoseCapacity(await model.fit(xs, ys, { epochs: 20, validationSplit: 0.2 }))
 */
export function diagnoseCapacity(
  history: HistoryLike,
  thresholds: Partial<CapacityThresholds> = {},
): CapacityReport {
  return new CapacityReport(judgeCapacity(history, thresholds));
}
