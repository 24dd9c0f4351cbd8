import * as tf from "@tensorflow/tfjs";
import { ImageDataset } from "../data/image-dataset";
import { targetsFor } from "./targets";
import { snapshotTraining } from "./training-snapshot";

/** Options of `overfitBatch`. */
export interface OverfitBatchOptions {
  batchSize?: number;
  steps?: number;
  /** The loss that counts as "near zero" (default 0.05); it must also be under a tenth of the first step's. */
  target?: number;
}

/** What `overfitBatch` returns: whether the model drove one batch's loss near zero. */
export interface OverfitBatchResult {
  passed: boolean;
  finalLoss: number;
  initialLoss: number;
  steps: number;
}

/** Near zero in absolute terms and relative to where it started (an MSE on one-hot labels starts at ~0.09). */
function nearZero(loss: number, initial: number, target: number): boolean {
  return loss < target && loss <= 0.1 * initial;
}

/**
 * The sanity check before any tuning: can the model drive the loss of one small batch near zero? If not,
 * the bug is in the model, the loss or the data pipeline, not in its capacity. The model's weights (and
 * its optimizer's state) are restored afterwards.
 * @example const { passed, finalLoss } = await overfitBatch(model, ds, { batchSize: 16, steps: 100 });
 */
export async function overfitBatch(
  model: tf.LayersModel,
  data: ImageDataset | { xs: tf.Tensor; ys: tf.Tensor },
  options: OverfitBatchOptions = {},
): Promise<OverfitBatchResult> {
  if (!model.optimizer)
    throw new Error("overfitBatch: compile the model first (model.compile({ optimizer, loss }))");
  const steps = Math.max(1, Math.floor(options.steps ?? 100));
  const target = options.target ?? 0.05;
  const snapshot = await snapshotTraining(model);
  const created: tf.Tensor[] = [];
  try {
    let xs: tf.Tensor;
    let ys: tf.Tensor;
    if (data instanceof ImageDataset) {
      const n = Math.min(options.batchSize ?? 16, data.length);
      const indices = Array.from({ length: n }, (_, i) => i);
      xs = data.images(indices);
      ys = targetsFor(model, data.subset(indices).labels, data.classNames.length);
      created.push(xs, ys);
    } else {
      const n = Math.min(options.batchSize ?? 16, data.xs.shape[0]);
      xs = data.xs.slice(0, n);
      ys = data.ys.slice(0, n);
      created.push(xs, ys);
    }
    let initialLoss = NaN;
    let finalLoss = NaN;
    let taken = 0;
    for (; taken < steps; taken++) {
      const result = await model.trainOnBatch(xs, ys);
      finalLoss = Array.isArray(result) ? (result[0] as number) : result;
      if (taken === 0) initialLoss = finalLoss;
      if (nearZero(finalLoss, initialLoss, target)) {
        taken++;
        break;
      }
    }
    return { passed: nearZero(finalLoss, initialLoss, target), finalLoss, initialLoss, steps: taken };
  } finally {
    await snapshot.restore();
    tf.dispose(created);
  }
}
