import { lrFinderHtml, WIDGETS } from "tslab-ml-protocol";
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
    return lrFinderHtml(this.state);
  }

  toString(): string {
    return `${this.state.title}\n  ${this.state.note}`;
  }
}
