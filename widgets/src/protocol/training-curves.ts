/**
 * State of the live training curves (`trainingCurves`). Values are null where they were NaN or infinite.
 * Batch points sit at fractional epochs (epoch 1 ends at x = 1), so batch and epoch curves share one axis.
 */
export interface TrainingCurvesState {
  title: string;
  batch_x: number[];
  /** Per-batch values by name ("loss", "acc", …). */
  batch: Record<string, (number | null)[]>;
  /** 1-based epoch numbers of the per-epoch values. */
  epochs: number[];
  /** Per-epoch values by name: training ("loss") and validation ("val_loss"). */
  epoch: Record<string, (number | null)[]>;
  /** Epochs the running fit was asked for, counting earlier fits; null before the first. */
  total_epochs: number | null;
  done: boolean;
}
