import { WIDGET_CLASSES, type CapacityState } from "tslab-ml-widgets/dist/protocol";
import { escapeHtml } from "../display/html";
import { Widget } from "../display/widget";
import { judgeCapacity, type CapacityDiagnosis, type CapacityThresholds, type HistoryLike } from "./capacity";

const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

/** A small inline SVG of the curves: the static fallback needs no script. */
export function curvesSvg(curves: Record<string, number[]>, keys: string[]): string {
  const w = 420;
  const h = 160;
  const pad = 28;
  const all = keys.flatMap((k) => curves[k] ?? []).filter(Number.isFinite);
  if (all.length === 0) return "";
  const lo = Math.min(...all);
  const hi = Math.max(...all) > lo ? Math.max(...all) : lo + 1;
  const n = Math.max(...keys.map((k) => curves[k]?.length ?? 0));
  const x = (i: number): number => pad + ((w - 2 * pad) * i) / Math.max(1, n - 1);
  const y = (v: number): number => h - pad - ((h - 2 * pad) * (v - lo)) / (hi - lo);
  const lines = keys
    .map((k, i) => {
      const points = (curves[k] ?? []).map((v, j) => `${x(j).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
      const color = COLORS[i % COLORS.length];
      return (
        `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points}"/>` +
        `<text x="${w - pad}" y="${14 + 14 * i}" font-size="11" text-anchor="end" fill="${color}">${escapeHtml(k)}</text>`
      );
    })
    .join("");
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" style="background:#fff;border:1px solid #eee">` +
    `<text x="4" y="${pad}" font-size="10">${lo.toPrecision(3)}</text><text x="4" y="${h - pad}" font-size="10"></text>` +
    `<text x="4" y="12" font-size="10">${hi.toPrecision(3)}</text>${lines}</svg>`
  );
}

/** Learning curves and the capacity verdict (`diagnoseCapacity`). */
export class CapacityReport extends Widget<CapacityState> {
  constructor(readonly diagnosis: CapacityDiagnosis) {
    super(WIDGET_CLASSES.capacity, {
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
    const lossKeys = Object.keys(s.curves).filter((k) => k.includes("loss"));
    const metricKeys = Object.keys(s.curves).filter((k) => !k.includes("loss"));
    const list = (items: string[]): string =>
      `<ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join("")}</ul>`;
    return (
      `<div class="tslab-ml-capacity" style="font:13px sans-serif"><b>${escapeHtml(s.title)}</b>` +
      `<div style="display:flex;gap:8px;flex-wrap:wrap">${curvesSvg(s.curves, lossKeys)}${metricKeys.length ? curvesSvg(s.curves, metricKeys) : ""}</div>` +
      `<div><i>evidence</i>${list(s.evidence)}<i>what to do</i>${list(s.advice)}</div></div>`
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
