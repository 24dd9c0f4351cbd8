import * as tf from "@tensorflow/tfjs";
import { ImageDataset } from "../../data/image-dataset";
import { confusionMatrix } from "./confusion";
import { Mispredictions } from "./mispredictions-widget";
import type { Classifier } from "./model-output";
import { collectPredictions, isPredictions, type Predictions } from "./predictions";

/** Options of `mispredictions`. */
export interface MispredictionsOptions {
  /** Images per gallery page (default 24): the first page ships with the widget, the rest on demand. */
  k?: number;
  /** Batch size when predictions are collected from a model. */
  batchSize?: number;
  title?: string;
  progress?: boolean;
  /**
   * The model the predictions came from, when you pass predictions: with it each gallery image can open
   * its saliency map. A LayersModel passed as the first argument is used for that already.
   */
  model?: tf.LayersModel;
}

const DEFAULT_PAGE = 24;

function build(
  predictions: Predictions,
  ds: ImageDataset,
  options: MispredictionsOptions,
  model: tf.LayersModel | undefined,
): Mispredictions {
  if (model !== undefined && !(model instanceof tf.LayersModel))
    throw new TypeError("mispredictions: options.model must be a tf.LayersModel (saliency needs its layers)");
  if (ds.length === 0) throw new Error("mispredictions: the dataset has no images");
  if (predictions.labels.length !== ds.length) {
    throw new Error(
      `mispredictions: the predictions cover ${predictions.labels.length} images but the dataset has ${ds.length}; ` +
        `collect them on this dataset (collectPredictions(model, ds))`,
    );
  }
  if (predictions.numClasses !== ds.classNames.length) {
    throw new Error(
      `mispredictions: the predictions have ${predictions.numClasses} classes, the dataset ${ds.classNames.length}`,
    );
  }
  const k = options.k ?? DEFAULT_PAGE;
  if (!Number.isInteger(k) || k <= 0)
    throw new RangeError(`mispredictions: k must be a positive integer, got ${k}`);
  return new Mispredictions({
    predictions,
    ds,
    confusion: confusionMatrix(predictions.labels, predictions.predicted, predictions.numClasses),
    pageSize: k,
    title: options.title ?? `Mispredictions on ${ds.toString()}`,
    model,
  });
}

/**
 * The misprediction gallery of a classifier on a dataset: from predictions already collected (returns the
 * widget) or from a model (collects them first; returns a promise).
 * @example mispredictions(model, testSet, { k: 32 })
 */
export function mispredictions(
  predictions: Predictions,
  ds: ImageDataset,
  options?: MispredictionsOptions,
): Mispredictions;
export function mispredictions(
  model: Classifier,
  ds: ImageDataset,
  options?: MispredictionsOptions,
): Promise<Mispredictions>;
export function mispredictions(
  modelOrPredictions: Predictions | Classifier,
  ds: ImageDataset,
  options: MispredictionsOptions = {},
): Mispredictions | Promise<Mispredictions> {
  if (!(ds instanceof ImageDataset))
    throw new TypeError("mispredictions: the second argument must be an ImageDataset");
  if (isPredictions(modelOrPredictions)) return build(modelOrPredictions, ds, options, options.model);
  const model =
    options.model ?? (modelOrPredictions instanceof tf.LayersModel ? modelOrPredictions : undefined);
  return collectPredictions(modelOrPredictions, ds, {
    batchSize: options.batchSize,
    progress: options.progress,
  }).then((predictions) => build(predictions, ds, options, model));
}
