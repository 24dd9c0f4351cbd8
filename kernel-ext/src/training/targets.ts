import * as tf from "@tensorflow/tfjs";

function lossNames(model: tf.LayersModel): string {
  const loss = (model as unknown as { loss?: unknown }).loss;
  const names = Array.isArray(loss) ? loss : [loss];
  return names
    .map((l) => (typeof l === "string" ? l : typeof l === "function" ? l.name : ""))
    .join(",")
    .toLowerCase();
}

/** Targets shaped for the model's loss: class ids for sparse losses, one-hot rows otherwise. */
export function targetsFor(model: tf.LayersModel, labels: Int32Array, classes: number): tf.Tensor {
  if (lossNames(model).includes("sparse")) return tf.tensor2d(Float32Array.from(labels), [labels.length, 1]);
  return tf.tidy(() => tf.oneHot(tf.tensor1d(labels, "int32"), classes).toFloat());
}
