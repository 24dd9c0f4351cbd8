import { WIDGETS, type LearningRateFinderState } from "tslab-ml-protocol";
import { escapeHtml } from "../../display/html";
import { Widget } from "../../display/widget";
import type { Suggestions } from "./range-test";

export interface RangeTestResult {
  lrs: number[];
  losses: number[];
  smoothed: number[];
  suggested: Suggestions;
  stoppedEarly: boolean;
  batchSize: number;
}

const fmt = (x: number | undefined): string => (x === undefined ? "none" : x.toExponential(1));
const orNull = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

/** A small inline SVG of the smoothed loss against log10(lr), with both suggestions marked. */
function rangeSvg(s: LearningRateFinderState): string {
  const w = 460;
  const h = 200;
  const pad = 34;
  const pts = s.lrs
    .map((lr, i) => ({ x: Math.log10(lr), y: s.smoothed[i] }))
    .filter((p): p is { x: number; y: number } => p.y !== null && p.y !== undefined);
  if (pts.length < 2) return "";
  const xs = pts.map((p) => p.x);
  const ys = pts.map((p) => p.y);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1raw] = [Math.min(...ys), Math.max(...ys)];
  const y1 = y1raw > y0 ? y1raw : y0 + 1;
  const X = (x: number): number => pad + ((w - 2 * pad) * (x - x0)) / (x1 - x0 || 1);
  const Y = (y: number): number => h - pad - ((h - 2 * pad) * (y - y0)) / (y1 - y0);
  const line = pts.map((p) => `${X(p.x).toFixed(1)},${Y(p.y).toFixed(1)}`).join(" ");
  const mark = (lr: number | null, color: string, label: string, row: number): string =>
    lr === null
      ? ""
      : `<line x1="${X(Math.log10(lr)).toFixed(1)}" x2="${X(Math.log10(lr)).toFixed(1)}" y1="${pad}" y2="${h - pad}" stroke="${color}" stroke-dasharray="4 3"/>` +
        `<text x="${w - pad}" y="${14 * row}" font-size="11" text-anchor="end" fill="${color}">${escapeHtml(label)}</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" style="background:#fff;border:1px solid #eee">` +
    `<polyline fill="none" stroke="#1f77b4" stroke-width="2" points="${line}"/>` +
    mark(s.steepest, "#d62728", `steepest ${fmt(s.steepest ?? undefined)}`, 1) +
    mark(s.min_over_10, "#2ca02c", `min/10 ${fmt(s.min_over_10 ?? undefined)}`, 2) +
    `<text x="${pad}" y="${h - 8}" font-size="10">lr ${x0.toFixed(0)}…${x1.toFixed(0)} (log10)</text></svg>`
  );
}

/** Loss against learning rate from `findLearningRate`, with the suggested learning rates. */
export class LearningRateFinder extends Widget<typeof WIDGETS.learningRateFinder> {
  readonly lrs: number[];
  readonly losses: number[];
  readonly smoothed: number[];
  /** Steepest descent of the smoothed loss, and a tenth of the learning rate at its minimum. */
  readonly suggested: Suggestions;

  constructor(result: RangeTestResult) {
    const { lrs, losses, smoothed, suggested, stoppedEarly } = result;
    const last = lrs[lrs.length - 1];
    const note =
      `${lrs.length} steps of batch ${result.batchSize}, lr ${fmt(lrs[0])} → ${fmt(last)}` +
      (stoppedEarly ? `; stopped at lr ${fmt(last)}: the loss diverged` : "") +
      "; weights and optimizer state restored";
    super(WIDGETS.learningRateFinder, {
      title: `Learning rate finder: steepest descent at ${fmt(suggested.steepest)}, minimum/10 at ${fmt(suggested.minOver10)}`,
      lrs,
      losses: losses.map((l) => (Number.isFinite(l) ? l : null)),
      smoothed: smoothed.map((s) => (Number.isFinite(s) ? s : null)),
      steepest: orNull(suggested.steepest),
      min_over_10: orNull(suggested.minOver10),
      stopped_early: stoppedEarly,
      note,
    });
    this.lrs = lrs;
    this.losses = losses;
    this.smoothed = smoothed;
    this.suggested = suggested;
  }

  protected fallbackHtml(): string {
    const s = this.state;
    return (
      `<div class="tslab-ml-lr-finder" style="font:13px sans-serif"><b>${escapeHtml(s.title)}</b>` +
      `<div>${rangeSvg(s)}</div><div style="color:#555">${escapeHtml(s.note)}</div></div>`
    );
  }

  toString(): string {
    return `${this.state.title}\n  ${this.state.note}`;
  }
}
