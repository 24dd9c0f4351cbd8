import type { TensorStats } from "./stats";

/** Activation stats with what dead-unit and saturation verdicts need. */
export interface ActivationStats extends TensorStats {
  /** Fraction of units (last axis) that are zero for ≥ 99% of samples and positions. */
  deadUnitFraction: number;
  /**
   * Fraction of values pinned near the bounds of a sigmoid/tanh; for a softmax, the fraction of rows whose
   * largest probability is ≥ 0.99 (0 for other activations).
   */
  saturatedFraction: number;
}

/** What one optimizer step did to a layer's weights: stats of Δw, and its size relative to the weights. */
export interface UpdateStats extends TensorStats {
  /** RMS(Δw) / RMS(w) before the step: about 1e-3 when the learning rate suits the layer. */
  ratio: number;
}

/** The statistics `gradientMonitor` recorded at one training step. */
export interface StepRecord {
  step: number;
  gradients: Record<string, TensorStats>;
  /** Weights before the step (log10|w| histograms); absent in records made without the optimizer. */
  weights?: Record<string, TensorStats>;
  updates?: Record<string, UpdateStats>;
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
