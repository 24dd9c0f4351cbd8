import * as tf from "@tensorflow/tfjs";
import type { ImageDataset } from "../data/image-dataset";
import { Progress, yieldToEventLoop } from "../display/progress";
import { classifierRows } from "../inspect/mispredictions/model-output";
import { PredictionRows, type Predictions } from "../inspect/mispredictions/predictions";

/** Embeddings of every image: n rows of `dim` floats, row-major. */
export interface Embeddings {
  values: Float32Array;
  dim: number;
  /** Which layer's output they are. */
  layer: string;
}

/**
 * The layer whose output is the model's penultimate representation: the input of the last layer that has
 * weights (the classifier head), so a trailing Activation/Softmax or Dropout does not count as the head.
 */
function penultimate(model: tf.LayersModel): tf.SymbolicTensor {
  const layers = model.layers;
  for (let i = layers.length - 1; i > 0; i--) {
    const layer = layers[i] as tf.layers.Layer;
    if (layer.getWeights().length > 0) {
      const input = layer.input;
      if (Array.isArray(input))
        throw new Error(`the classifier head "${layer.name}" has several inputs; pass embeddingLayer`);
      return input;
    }
  }
  throw new Error("the model has no layer with weights before its output; pass embeddingLayer");
}

function chosenOutput(model: tf.LayersModel, embeddingLayer: string | number | undefined): tf.SymbolicTensor {
  if (embeddingLayer === undefined) return penultimate(model);
  let layer: tf.layers.Layer | undefined;
  try {
    layer =
      typeof embeddingLayer === "number" ? model.layers.at(embeddingLayer) : model.getLayer(embeddingLayer);
  } catch {
    layer = undefined;
  }
  if (!layer) {
    throw new Error(
      `embeddingLayer ${JSON.stringify(embeddingLayer)} is not a layer of the model; its layers: ` +
        model.layers.map((l) => l.name).join(", "),
    );
  }
  const output = layer.output;
  if (Array.isArray(output))
    throw new Error(`layer "${layer.name}" has several outputs; pick a layer with one`);
  return output;
}

/**
 * Runs the model up to `embeddingLayer` (a name or index; default the penultimate representation) over the
 * dataset in batches, flattening each output. No tensor outlives the call.
 */
export async function computeEmbeddings(
  model: tf.LayersModel,
  ds: ImageDataset,
  options: { embeddingLayer?: string | number; batchSize?: number; progress?: boolean } = {},
): Promise<Embeddings> {
  const output = chosenOutput(model, options.embeddingLayer);
  const layer = output.sourceLayer.name;
  const features = tf.model({ inputs: model.inputs, outputs: output });
  const batchSize = options.batchSize ?? 256;
  const n = ds.length;
  const progress = new Progress("Embeddings", n, { unit: "images", enabled: options.progress ?? true });
  let values: Float32Array | undefined;
  let dim = 0;
  for (let start = 0; start < n; start += batchSize) {
    const indices = Array.from({ length: Math.min(batchSize, n - start) }, (_, k) => start + k);
    const batch = tf.tidy(() => {
      const out = features.predict(ds.images(indices), { batchSize }) as tf.Tensor;
      return out.reshape([indices.length, -1]);
    });
    const data = (await batch.data()) as Float32Array;
    dim = batch.shape[1] as number;
    batch.dispose();
    values ??= new Float32Array(n * dim);
    values.set(data, start * dim);
    progress.update(start + indices.length);
    await yieldToEventLoop();
  }
  progress.finish();
  return { values: values ?? new Float32Array(0), dim, layer };
}

/**
 * computeEmbeddings and collectPredictions in one forward pass per batch: a model with two outputs (the
 * embedding layer's and the classifier's) gives both, the same values as the two separate passes at about
 * half the cost (the convolutions run once). No tensor outlives the call.
 */
export async function embeddingsAndPredictions(
  model: tf.LayersModel,
  ds: ImageDataset,
  options: { embeddingLayer?: string | number; batchSize?: number; progress?: boolean } = {},
): Promise<{ embeddings: Embeddings; predictions: Predictions }> {
  const output = chosenOutput(model, options.embeddingLayer);
  const layer = output.sourceLayer.name;
  const classifier = model.outputs[0];
  if (!classifier) throw new Error("the model has no output");
  const both = tf.model({
    inputs: model.inputs,
    outputs: output === classifier ? [output] : [output, classifier],
  });
  const batchSize = options.batchSize ?? 256;
  const n = ds.length;
  const rows = new PredictionRows(ds);
  const progress = new Progress("Embeddings and predictions", n, {
    unit: "images",
    enabled: options.progress ?? true,
  });
  let values: Float32Array | undefined;
  let dim = 0;
  try {
    for (let start = 0; start < n; start += batchSize) {
      const indices = Array.from({ length: Math.min(batchSize, n - start) }, (_, k) => start + k);
      const [features, classes] = tf.tidy(() => {
        const outputs = [both.predict(ds.images(indices), { batchSize })].flat();
        const first = outputs[0] as tf.Tensor;
        return [first.reshape([indices.length, -1]), classifierRows(outputs.at(-1) as tf.Tensor)];
      });
      try {
        const data = (await features.data()) as Float32Array;
        dim = features.shape[1] as number;
        values ??= new Float32Array(n * dim);
        values.set(data, start * dim);
        await rows.add(classes, start);
      } finally {
        tf.dispose([features, classes]);
      }
      progress.update(start + indices.length);
      await yieldToEventLoop();
    }
  } catch (error) {
    progress.fail((error as Error).message);
    throw error;
  }
  progress.finish();
  return {
    embeddings: { values: values ?? new Float32Array(0), dim, layer },
    predictions: rows.predictions(),
  };
}
