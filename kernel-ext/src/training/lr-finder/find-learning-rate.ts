import * as tf from "@tensorflow/tfjs";
import { ImageDataset } from "../../data/image-dataset";
import { interruptCheckpoint } from "../../util/interrupt";
import { sampleIndices, seededRandom } from "../../util/random";
import { targetsFor } from "../targets";
import { learningRateOf, setLearningRate, snapshotTraining } from "../training-snapshot";
import { LearningRateFinder } from "./learning-rate-finder-widget";
import { exponentialRamp, SmoothedLoss, suggestLearningRates } from "./range-test";

export interface FindLearningRateOptions {
  /** First learning rate of the ramp (default 1e-7). */
  start?: number;
  /** Last learning rate of the ramp (default 10). */
  end?: number;
  /** Training steps of the ramp (default 100). */
  steps?: number;
  batchSize?: number;
  /** Smoothing of the plotted loss (default 0.9: a window of ~10 steps, so the curve lags the ramp little). */
  beta?: number;
  /** Stop when the smoothed loss exceeds this many times its minimum (default 4). */
  divergence?: number;
  seed?: number;
}

type Data = ImageDataset | { xs: tf.Tensor; ys: tf.Tensor };

/** One training batch of `data` by row indices. */
function batchOf(model: tf.LayersModel, data: Data, indices: number[]): [tf.Tensor, tf.Tensor] {
  if (data instanceof ImageDataset) {
    const xs = data.images(indices);
    return [xs, targetsFor(model, data.subset(indices).labels, data.classNames.length)];
  }
  return tf.tidy(() => {
    const idx = tf.tensor1d(indices, "int32");
    return [tf.gather(data.xs, idx), tf.gather(data.ys, idx)];
  });
}

function check(options: FindLearningRateOptions): Required<Omit<FindLearningRateOptions, "batchSize">> {
  const start = options.start ?? 1e-7;
  const end = options.end ?? 10;
  const steps = Math.floor(options.steps ?? 100);
  if (!(start > 0) || !(end > start))
    throw new RangeError(`findLearningRate: need 0 < start < end, got start ${start}, end ${end}`);
  if (!(steps >= 5)) throw new RangeError(`findLearningRate: steps must be at least 5, got ${options.steps}`);
  const beta = options.beta ?? 0.9;
  if (!(beta >= 0 && beta < 1)) throw new RangeError(`findLearningRate: beta must be in [0, 1), got ${beta}`);
  return { start, end, steps, beta, divergence: options.divergence ?? 4, seed: options.seed ?? 0 };
}

/**
 * Smith's learning-rate range test: trains on successive batches while the learning rate grows exponentially
 * from `start` to `end`, records the loss (smoothed), and stops once it diverges. Suggests the learning rate
 * of the steepest descent and a tenth of the one at the minimum. The model's weights, its optimizer's state
 * and learning rate are restored afterwards, exactly.
 * @example const finder = await findLearningRate(model, train, { start: 1e-6, end: 1 }); finder.suggested
 */
export async function findLearningRate(
  model: tf.LayersModel,
  data: Data,
  options: FindLearningRateOptions = {},
): Promise<LearningRateFinder> {
  const { start, end, steps, beta, divergence, seed } = check(options);
  if (!model.optimizer)
    throw new Error("findLearningRate: compile the model first (model.compile({ optimizer, loss }))");
  learningRateOf(model.optimizer);
  const rows = data instanceof ImageDataset ? data.length : (data.xs.shape[0] ?? 0);
  if (rows === 0) throw new Error("findLearningRate: the data has no rows");
  const batchSize = Math.max(1, Math.min(rows, Math.floor(options.batchSize ?? 32)));
  const random = seededRandom(seed);
  let order: number[] = [];
  // Shuffled passes over the data, one batch after another.
  const nextBatch = (): number[] => {
    if (order.length < batchSize) order = order.concat(sampleIndices(rows, rows, random));
    return order.splice(0, batchSize);
  };

  const ramp = exponentialRamp(start, end, steps);
  const snapshot = await snapshotTraining(model);
  const lrs: number[] = [];
  const losses: number[] = [];
  const smoothed: number[] = [];
  const smoother = new SmoothedLoss(beta);
  let best = Infinity;
  let stoppedEarly = false;
  try {
    for (const lr of ramp) {
      // Stop reaches here between steps; the finally below still restores the model.
      await interruptCheckpoint("findLearningRate");
      setLearningRate(model.optimizer, lr);
      const [xs, ys] = batchOf(model, data, nextBatch());
      let loss: number;
      try {
        const result = await model.trainOnBatch(xs, ys);
        loss = Array.isArray(result) ? (result[0] as number) : result;
      } finally {
        tf.dispose([xs, ys]);
      }
      lrs.push(lr);
      losses.push(loss);
      const s = Number.isFinite(loss) ? smoother.add(loss) : NaN;
      smoothed.push(s);
      if (!Number.isFinite(s) || (losses.length > 1 && s > divergence * best)) {
        stoppedEarly = lrs.length < ramp.length;
        break;
      }
      best = Math.min(best, s);
    }
  } finally {
    await snapshot.restore();
  }
  const finite = smoothed.map((s) => (Number.isFinite(s) ? s : Infinity));
  const suggested = suggestLearningRates(lrs, finite);
  return new LearningRateFinder({ lrs, losses, smoothed, suggested, stoppedEarly, batchSize });
}
