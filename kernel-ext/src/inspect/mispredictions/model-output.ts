import * as tf from "@tensorflow/tfjs";

/** How a classifier's outputs become probabilities; decided once, on the first batch. */
export type OutputKind = "probabilities" | "logits" | "sigmoid" | "sigmoid-logit";

/** Anything with a tfjs-style `predict` (LayersModel, GraphModel), or a function from images to outputs. */
export type Classifier =
  | { predict(x: tf.Tensor, args?: { batchSize?: number }): tf.Tensor | tf.Tensor[] | tf.NamedTensorMap }
  | ((images: tf.Tensor4D) => tf.Tensor);

/** Runs the classifier on a batch and returns its single [batch, classes] output. */
export function classifierOutput(model: Classifier, images: tf.Tensor4D, batchSize: number): tf.Tensor {
  const out = typeof model === "function" ? model(images) : model.predict(images, { batchSize });
  let tensor: tf.Tensor | undefined;
  if (out instanceof tf.Tensor) tensor = out;
  else if (Array.isArray(out)) tensor = out[0];
  else tensor = Object.values(out)[0];
  if (!tensor) throw new Error("collectPredictions: the model returned no output tensor");
  return classifierRows(tensor);
}

/** A classifier's output tensor as [batch, classes] rows ([batch] becomes [batch, 1]); other ranks throw. */
export function classifierRows(tensor: tf.Tensor): tf.Tensor {
  if (tensor.rank === 1) return tensor.expandDims(1);
  if (tensor.rank !== 2) {
    throw new Error(
      `collectPredictions: the model's output has shape [${tensor.shape.join(", ")}]; a classifier outputs ` +
        `[batch, classes] (or [batch] / [batch, 1] for a binary one)`,
    );
  }
  return tensor;
}

/** Probabilities (rows in [0, 1] summing to 1), logits, or one sigmoid unit (binary), judged from values. */
export function detectOutputKind(values: Float32Array, columns: number): OutputKind {
  const rows = values.length / columns;
  let inUnit = true;
  let sumsToOne = true;
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = 0; c < columns; c++) {
      const v = values[r * columns + c] as number;
      if (!(v >= 0 && v <= 1)) inUnit = false;
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-3) sumsToOne = false;
  }
  if (columns === 1) return inUnit ? "sigmoid" : "sigmoid-logit";
  return inUnit && sumsToOne ? "probabilities" : "logits";
}

/** Converts raw outputs (rows × columns) into class probabilities (rows × classes), in place where possible. */
export function toProbabilities(values: Float32Array, columns: number, kind: OutputKind): Float32Array {
  const rows = values.length / columns;
  if (kind === "probabilities") return values;
  if (kind === "sigmoid" || kind === "sigmoid-logit") {
    const out = new Float32Array(rows * 2);
    for (let r = 0; r < rows; r++) {
      const v = values[r] as number;
      const p = kind === "sigmoid" ? v : 1 / (1 + Math.exp(-v));
      out[2 * r] = 1 - p;
      out[2 * r + 1] = p;
    }
    return out;
  }
  for (let r = 0; r < rows; r++) {
    let max = -Infinity;
    for (let c = 0; c < columns; c++) max = Math.max(max, values[r * columns + c] as number);
    let sum = 0;
    for (let c = 0; c < columns; c++) {
      const e = Math.exp((values[r * columns + c] as number) - max);
      values[r * columns + c] = e;
      sum += e;
    }
    for (let c = 0; c < columns; c++) values[r * columns + c]! /= sum;
  }
  return values;
}
