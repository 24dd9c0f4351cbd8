/** The learning rates of an exponential ramp from `start` to `end` in `steps` steps (both ends included). */
export function exponentialRamp(start: number, end: number, steps: number): number[] {
  if (steps < 2) return [start];
  const ratio = Math.log(end / start) / (steps - 1);
  return Array.from({ length: steps }, (_, i) => start * Math.exp(ratio * i));
}

/** Exponential moving average with bias correction, as the range test plots it. */
export class SmoothedLoss {
  private average = 0;
  private count = 0;

  constructor(private readonly beta: number) {}

  add(loss: number): number {
    this.count++;
    this.average = this.beta * this.average + (1 - this.beta) * loss;
    return this.average / (1 - this.beta ** this.count);
  }
}

export interface Suggestions {
  /** Where the smoothed loss falls fastest against log10(lr), before its minimum. */
  steepest: number | undefined;
  /** The learning rate of the smallest smoothed loss, divided by 10. */
  minOver10: number | undefined;
}

/**
 * Both usual readings of a range test. The steepest descent is taken before the minimum and after the first
 * tenth of the ramp, where the smoothing has not settled yet.
 */
export function suggestLearningRates(lrs: readonly number[], smoothed: readonly number[]): Suggestions {
  const n = Math.min(lrs.length, smoothed.length);
  if (n < 3) return { steepest: undefined, minOver10: undefined };
  let best = 0;
  for (let i = 1; i < n; i++) if ((smoothed[i] as number) < (smoothed[best] as number)) best = i;
  const minOver10 = (lrs[best] as number) / 10;
  const from = Math.max(1, Math.floor(n / 10));
  let steepest: number | undefined;
  let slope = 0;
  for (let i = from; i <= best && i < n - 1; i++) {
    const dx = Math.log10(lrs[i + 1] as number) - Math.log10(lrs[i - 1] as number);
    const dy = (smoothed[i + 1] as number) - (smoothed[i - 1] as number);
    const s = dy / dx;
    if (s < slope) {
      slope = s;
      steepest = lrs[i];
    }
  }
  return { steepest, minOver10 };
}
