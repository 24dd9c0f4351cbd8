import type { TensorStats } from "./stats";

/** Activation stats with what dead-unit and saturation verdicts need. */
export interface ActivationStats extends TensorStats {
  /** Fraction of units (last axis) that are zero for ≥ 99% of samples and positions. */
  deadUnitFraction: number;
  /** Fraction of values pinned near the bounds of a sigmoid/tanh (0 for other activations). */
  saturatedFraction: number;
}

export interface StepRecord {
  step: number;
  gradients: Record<string, TensorStats>;
  activations: Record<string, ActivationStats>;
}

/**
 * Recorded steps with bounded memory: past `maxRecords`, every other record of the older half is dropped,
 * so a long run keeps its whole span at a coarser resolution and the recent steps in full.
 */
export class MonitorHistory {
  readonly records: StepRecord[] = [];
  readonly losses: { step: number; loss: number }[] = [];

  constructor(
    private readonly maxRecords: number,
    private readonly maxLosses = 4000,
  ) {}

  add(record: StepRecord): void {
    this.records.push(record);
    if (this.records.length > this.maxRecords) thinOlderHalf(this.records);
  }

  addLoss(step: number, loss: number): void {
    this.losses.push({ step, loss });
    if (this.losses.length > this.maxLosses) thinOlderHalf(this.losses);
  }
}

function thinOlderHalf<T>(items: T[]): void {
  const half = Math.floor(items.length / 2);
  const kept = items.slice(0, half).filter((_, i) => i % 2 === 0);
  items.splice(0, half, ...kept);
}
