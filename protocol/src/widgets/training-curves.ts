import { defineWidget, type StateOf } from "../contract";
import { s } from "../schema";

/**
 * The live training curves (`trainingCurves`). Values are null where they were NaN or infinite. Batch
 * points sit at fractional epochs (epoch 1 ends at x = 1), so batch and epoch curves share one axis.
 */
export const trainingCurves = defineWidget({
  model: "TrainingCurvesModel",
  view: "TrainingCurvesView",
  state: s.object({
    title: s.string(),
    batch_x: s.array(s.number()),
    /** Per-batch values by name ("loss", "acc", …). */
    batch: s.record(s.array(s.number().nullable())),
    /** 1-based epoch numbers of the per-epoch values. */
    epochs: s.array(s.integer()),
    /** Per-epoch values by name: training ("loss") and validation ("val_loss"). */
    epoch: s.record(s.array(s.number().nullable())),
    /** Epochs the running fit was asked for, counting earlier fits; null before the first. */
    total_epochs: s.integer().nullable(),
    done: s.boolean(),
  }),
});
export type TrainingCurvesState = StateOf<typeof trainingCurves>;
