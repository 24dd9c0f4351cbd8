import * as tf from "@tensorflow/tfjs";
import { ImageDataset } from "../../data/image-dataset";
import { stratifiedFolds } from "../../data/split-dataset";
import { Progress, yieldToEventLoop } from "../../display/progress";
import { targetsFor } from "../../training/targets";
import { collectPredictions, predictionsFrom, withSummary, type Predictions } from "./predictions";

/** How each fold's model is trained: `model.fit` arguments, or your own function. */
export type CrossValFit =
  tf.ModelFitArgs | ((model: tf.LayersModel, train: ImageDataset) => Promise<unknown>);

/** Options of `crossValPredictions`. */
export interface CrossValPredictionsOptions {
  /** Number of folds k (default 4): each model trains on (k−1)/k of the images and predicts the rest. */
  folds?: number;
  /**
   * Training of each fold's model (default `{ epochs: 5, batchSize: 64 }`): `model.fit` arguments (targets are
   * made to suit the compiled loss: class ids for sparse losses, one-hot rows otherwise), or a function
   * `(model, train) => Promise` that trains `model` on the ImageDataset `train` itself.
   */
  fit?: CrossValFit;
  /** Same seed, same folds (default 0). */
  seed?: number;
  /** Images per forward pass when predicting the held-out fold (default 256). */
  batchSize?: number;
  /** false: no progress bar (default true). */
  progress?: boolean;
}

/** Out-of-fold predictions, and which fold (and so which model) predicted each image. */
export interface CrossValPredictions extends Predictions {
  /** fold[i]: the fold image i was held out in, in [0, folds). */
  fold: Int32Array;
}

const DEFAULT_FIT: tf.ModelFitArgs = { epochs: 5, batchSize: 64, verbose: 0 };

/**
 * Out-of-fold predictions: every image predicted by a model that never trained on it (stratified k-fold).
 * `makeModel()` builds and compiles a fresh model for each fold. These are the predictions to find label
 * errors with — a model predicting its own training images has already learnt their wrong labels.
 *
 * ```ts
 * const oof = await crossValPredictions(() => makeCnn(), small, { folds: 4, fit: { epochs: 3 } });
 * findLabelIssues(small, oof)
 * ```
 * Each fold's model and its optimizer are disposed before the next one is built.
 * @example const preds = await crossValPredictions(() => makeModel(), ds, { folds: 5, seed: 1 });
 */
export async function crossValPredictions(
  makeModel: () => tf.LayersModel | Promise<tf.LayersModel>,
  ds: ImageDataset,
  options: CrossValPredictionsOptions = {},
): Promise<CrossValPredictions> {
  if (typeof makeModel !== "function") {
    throw new TypeError(
      "crossValPredictions: the first argument must be a function that builds a compiled model",
    );
  }
  if (!(ds instanceof ImageDataset))
    throw new TypeError("crossValPredictions: the second argument must be an ImageDataset");
  const folds = options.folds ?? 4;
  const fold = stratifiedFolds(ds, folds, options.seed ?? 0);
  const numClasses = ds.classNames.length;
  const probs = new Float32Array(ds.length * numClasses);
  const progress = new Progress("Cross-validating", folds, {
    unit: "folds",
    enabled: options.progress ?? true,
  });
  progress.update(0);
  try {
    for (let k = 0; k < folds; k++) {
      const trainRows: number[] = [];
      const heldRows: number[] = [];
      fold.forEach((f, i) => (f === k ? heldRows : trainRows).push(i));
      const model = await makeModel();
      if (!(model instanceof tf.LayersModel) || !model.optimizer) {
        throw new TypeError(
          "crossValPredictions: makeModel must return a compiled tf.LayersModel (call model.compile in it)",
        );
      }
      try {
        await trainFold(model, ds.subset(trainRows), options.fit ?? DEFAULT_FIT);
        const held = await collectPredictions(model, ds.subset(heldRows), {
          batchSize: options.batchSize,
          progress: false,
        });
        heldRows.forEach((row, j) =>
          probs.set(held.probs.subarray(j * numClasses, (j + 1) * numClasses), row * numClasses),
        );
      } finally {
        disposeModel(model);
      }
      progress.update(k + 1);
      await yieldToEventLoop();
    }
  } catch (error) {
    progress.fail((error as Error).message);
    throw error;
  }
  progress.finish();
  return withSummary({ ...predictionsFrom(probs, Int32Array.from(ds.labels), numClasses), fold });
}

async function trainFold(model: tf.LayersModel, train: ImageDataset, fit: CrossValFit): Promise<void> {
  if (typeof fit === "function") {
    await fit(model, train);
    return;
  }
  const xs = train.images();
  const ys = targetsFor(model, train.labels, train.classNames.length);
  try {
    await model.fit(xs, ys, { verbose: 0, ...fit });
  } finally {
    tf.dispose([xs, ys]);
  }
}

/** A fold's model is thrown away: its weights and its optimizer's slots (Adam's moments) with it. */
function disposeModel(model: tf.LayersModel): void {
  const optimizer = model.optimizer;
  model.dispose();
  // LayersModel.dispose frees the optimizer only when compile created it from a name.
  optimizer?.dispose();
}
