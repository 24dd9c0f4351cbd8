import * as tf from "@tensorflow/tfjs";
import { DISPLAY_SYMBOL, type Displayable, type RichBundle } from "../../display/mime";
import { TrainingCurvesWidget } from "./training-curves-widget";
import { stepsPerEpochOf } from "../fit-params";

export interface TrainingCurvesOptions {
  /** Record per-batch values (default true); per-epoch values are always recorded. */
  perBatch?: boolean;
  /** Per-batch points kept before older ones are thinned (default 5000). */
  maxBatchPoints?: number;
}

/** A log value as a number: tfjs hands callbacks scalars as numbers or as scalar tensors. */
function scalarOf(value: unknown): number | undefined {
  if (typeof value === "number") return value;
  if (value instanceof tf.Tensor && value.size === 1) return value.dataSync()[0] as number;
  return undefined;
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

/**
 * Loss and metrics of `model.fit`, per batch and per epoch, training and validation, drawn live. Across
 * several fits the epochs continue. `history` has the shape of `tf.History.history`, so
 * `diagnoseCapacity(curves)` judges the same run.
 */
export class TrainingCurves extends tf.Callback implements Displayable {
  readonly widget = new TrainingCurvesWidget();
  private readonly perBatch: boolean;
  private readonly maxBatchPoints: number;
  private readonly epochValues: Record<string, number[]> = {};
  private readonly batchValues: Record<string, number[]> = {};
  private readonly batchX: number[] = [];
  private readonly epochNumbers: number[] = [];
  /** Epochs finished by earlier fits. */
  private offset = 0;
  private currentEpoch = 0;
  private totalEpochs: number | null = null;
  private done = false;

  constructor(options: TrainingCurvesOptions = {}) {
    super();
    this.perBatch = options.perBatch ?? true;
    this.maxBatchPoints = Math.max(100, options.maxBatchPoints ?? 5000);
  }

  /** Per-epoch values by name, as in `tf.History.history` ("loss", "val_loss", "acc", …). */
  get history(): Record<string, number[]> {
    // A value missing at an epoch (no validation in a later fit) is NaN: every curve has one value an epoch.
    const n = this.epochNumbers.length;
    return Object.fromEntries(
      Object.entries(this.epochValues).map(([k, v]) => [k, Array.from({ length: n }, (_, i) => v[i] ?? NaN)]),
    );
  }

  /** 1-based epoch numbers of `history`. */
  get epoch(): number[] {
    return [...this.epochNumbers];
  }

  override async onTrainBegin(): Promise<void> {
    this.offset = this.epochNumbers.length;
    const epochs = (this.params as { epochs?: unknown } | undefined)?.epochs;
    this.totalEpochs = typeof epochs === "number" ? this.offset + epochs : null;
    this.done = false;
    this.publish(true);
  }

  override async onEpochBegin(epoch: number): Promise<void> {
    this.currentEpoch = epoch;
  }

  override async onBatchEnd(batch: number, logs?: tf.Logs): Promise<void> {
    if (!this.perBatch || !logs) return;
    const steps = stepsPerEpochOf(this.params);
    const x = this.offset + this.currentEpoch + (steps ? (batch + 1) / steps : 0);
    const at = this.batchX.length;
    this.batchX.push(x);
    for (const [key, raw] of Object.entries(logs)) {
      if (key === "batch" || key === "size") continue;
      const value = scalarOf(raw);
      if (value === undefined) continue;
      const series = (this.batchValues[key] ??= []);
      while (series.length < at) series.push(NaN);
      series.push(value);
    }
    if (this.batchX.length > this.maxBatchPoints) this.thinBatches();
    this.publish(false);
  }

  override async onEpochEnd(epoch: number, logs?: tf.Logs): Promise<void> {
    const at = this.epochNumbers.length;
    this.epochNumbers.push(this.offset + epoch + 1);
    for (const [key, raw] of Object.entries(logs ?? {})) {
      const value = scalarOf(raw);
      if (value === undefined) continue;
      const series = (this.epochValues[key] ??= []);
      while (series.length < at) series.push(NaN);
      series.push(value);
    }
    this.publish(false);
  }

  override async onTrainEnd(): Promise<void> {
    this.done = true;
    this.publish(true);
  }

  [DISPLAY_SYMBOL](): RichBundle {
    return this.widget[DISPLAY_SYMBOL]();
  }

  override toString(): string {
    return this.widget.toString();
  }

  /** Every other point of the older half goes: the whole run stays visible, the recent part in full. */
  private thinBatches(): void {
    const half = Math.floor(this.batchX.length / 2);
    const keep = (_: unknown, i: number): boolean => i >= half || i % 2 === 0;
    const kept = this.batchX.filter(keep);
    this.batchX.splice(0, this.batchX.length, ...kept);
    for (const series of Object.values(this.batchValues)) {
      const s = series.filter(keep);
      series.splice(0, series.length, ...s);
    }
  }

  private publish(force: boolean): void {
    const pad = (values: Record<string, number[]>, n: number): Record<string, (number | null)[]> =>
      Object.fromEntries(
        Object.entries(values).map(([k, v]) => [
          k,
          Array.from({ length: n }, (_, i) => finiteOrNull(v[i] ?? NaN)),
        ]),
      );
    this.widget.update(
      {
        batch_x: [...this.batchX],
        batch: pad(this.batchValues, this.batchX.length),
        epochs: [...this.epochNumbers],
        epoch: pad(this.epochValues, this.epochNumbers.length),
        total_epochs: this.totalEpochs,
        done: this.done,
      },
      force,
    );
  }
}

/**
 * A `model.fit` callback and live widget of loss and metrics per batch and epoch, training vs validation;
 * its history feeds `diagnoseCapacity`.
 * @example const curves = trainingCurves(); await model.fit(xs, ys, { epochs: 10, validationSplit: 0.2, callbacks: [curves] }); curves
 */
export function trainingCurves(options: TrainingCurvesOptions = {}): TrainingCurves {
  return new TrainingCurves(options);
}
