import { inspect } from "node:util";
import { ImageDataset } from "../../data/image-dataset";
import { Progress, yieldToEventLoop } from "../../display/progress";
import {
  classifierOutput,
  detectOutputKind,
  toProbabilities,
  type Classifier,
  type OutputKind,
} from "./model-output";
import * as tf from "@tensorflow/tfjs";

/** A classifier's predictions on every image of a dataset, as plain arrays (no tensors to dispose). */
export interface Predictions {
  numClasses: number;
  /** Class probabilities, row-major: probs[i × numClasses + c]. */
  probs: Float32Array;
  /** The most probable class of each image. */
  predicted: Int32Array;
  /** The dataset's label of each image. */
  labels: Int32Array;
  /** Cross-entropy of each image's label: −ln p(label). */
  losses: Float32Array;
  /** Probability of the predicted class. */
  confidence: Float32Array;
}

/** Options of `collectPredictions`. */
export interface CollectPredictionsOptions {
  /** Images per forward pass (default 256). */
  batchSize?: number;
  progress?: boolean;
}

const DEFAULT_BATCH = 256;
// A probability of exactly 0 would make an infinite loss; clip as Keras's crossentropy does.
const EPSILON = 1e-7;

export function isPredictions(value: unknown): value is Predictions {
  const p = value as Partial<Predictions> | null;
  return (
    p !== null &&
    typeof p === "object" &&
    p.probs instanceof Float32Array &&
    p.predicted instanceof Int32Array &&
    p.labels instanceof Int32Array &&
    typeof p.numClasses === "number"
  );
}

/** Fills predicted, losses and confidence from probabilities and labels. */
export function predictionsFrom(probs: Float32Array, labels: Int32Array, numClasses: number): Predictions {
  const n = labels.length;
  if (probs.length !== n * numClasses) {
    throw new RangeError(`${probs.length} probabilities for ${n} images × ${numClasses} classes`);
  }
  const predicted = new Int32Array(n);
  const losses = new Float32Array(n);
  const confidence = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < numClasses; c++)
      if ((probs[i * numClasses + c] as number) > (probs[i * numClasses + best] as number)) best = c;
    predicted[i] = best;
    confidence[i] = probs[i * numClasses + best] as number;
    losses[i] = -Math.log(Math.max(EPSILON, probs[i * numClasses + (labels[i] as number)] as number));
  }
  return withSummary({ numClasses, probs, predicted, labels, losses, confidence });
}

/**
 * Gives a Predictions object a one-line summary for `util.inspect` (a cell's value, console.log) instead of
 * its arrays; non-enumerable, so copies and comparisons see only the data.
 */
export function withSummary<P extends Predictions>(predictions: P): P {
  Object.defineProperty(predictions, inspect.custom, {
    value: () => summarizePredictions(predictions),
    enumerable: false,
  });
  return predictions;
}

/** "Predictions(2,000 images, 10 classes: accuracy 82.0%, mean loss 0.512)". */
export function summarizePredictions(p: Predictions): string {
  const n = p.labels.length;
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    if (p.predicted[i] === p.labels[i]) correct++;
    loss += p.losses[i] as number;
  }
  const stats = n
    ? `: accuracy ${((100 * correct) / n).toFixed(1)}%, mean loss ${(loss / n).toFixed(3)}`
    : "";
  return `Predictions(${n.toLocaleString("en-US")} images, ${p.numClasses} classes${stats})`;
}

/**
 * Runs `model` over the whole dataset in batches and keeps plain arrays: probabilities (softmax is applied
 * when the model outputs logits; a single sigmoid unit becomes two classes), predicted class, per-image loss
 * and confidence. Only one batch of float images exists at a time; no tensor outlives the call.
 * @example const preds = await collectPredictions(model, testSet, { batchSize: 256 });
 */
export async function collectPredictions(
  model: Classifier,
  ds: ImageDataset,
  options: CollectPredictionsOptions = {},
): Promise<Predictions> {
  if (!(ds instanceof ImageDataset))
    throw new TypeError("collectPredictions: the second argument must be an ImageDataset");
  if (typeof model !== "function" && typeof model?.predict !== "function") {
    throw new TypeError(
      "collectPredictions: model must be a tf.LayersModel, a tf.GraphModel or a function (images) => outputs",
    );
  }
  const batchSize = options.batchSize ?? DEFAULT_BATCH;
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new RangeError(`collectPredictions: batchSize must be a positive integer, got ${batchSize}`);
  }
  const n = ds.length;
  const rows = new PredictionRows(ds);
  const progress = new Progress("Predicting", n, { unit: "images", enabled: options.progress ?? true });
  try {
    for (let start = 0; start < n; start += batchSize) {
      const indices = Array.from({ length: Math.min(batchSize, n - start) }, (_, k) => start + k);
      const output = tf.tidy(() => classifierOutput(model, ds.images(indices), batchSize));
      try {
        await rows.add(output, start);
      } finally {
        output.dispose();
      }
      progress.update(start + indices.length);
      await yieldToEventLoop();
    }
  } catch (error) {
    progress.fail((error as Error).message);
    throw error;
  }
  progress.finish();
  return rows.predictions();
}

/**
 * Gathers a classifier's outputs over a dataset, batch by batch, as probabilities: how outputs become
 * probabilities (softmax of logits, a sigmoid unit as two classes) is decided on the first batch.
 */
export class PredictionRows {
  private readonly probs: Float32Array;
  private readonly numClasses: number;
  private kind: OutputKind | undefined;

  constructor(private readonly ds: ImageDataset) {
    this.numClasses = ds.classNames.length;
    this.probs = new Float32Array(ds.length * this.numClasses);
  }

  /** Adds the [batch, columns] outputs (classifierRows) of the images from `start` on; the caller disposes them. */
  async add(output: tf.Tensor, start: number): Promise<void> {
    const columns = output.shape[1] as number;
    const values = Float32Array.from(await output.data());
    this.kind ??= detectOutputKind(values, columns);
    const classes = this.kind.startsWith("sigmoid") ? 2 : columns;
    const { numClasses, ds } = this;
    if (classes !== numClasses) {
      throw new Error(
        `collectPredictions: the model outputs ${columns === 1 ? "one sigmoid unit (2 classes)" : `${columns} classes`} ` +
          `but the dataset has ${numClasses} (${ds.classNames.slice(0, 4).join(", ")}${numClasses > 4 ? ", …" : ""})`,
      );
    }
    this.probs.set(toProbabilities(values, columns, this.kind), start * numClasses);
  }

  /** The predictions of every image added. */
  predictions(): Predictions {
    return predictionsFrom(this.probs, this.ds.labels, this.numClasses);
  }
}
