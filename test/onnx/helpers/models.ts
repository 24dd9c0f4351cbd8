import type * as tf from "@tensorflow/tfjs";

/** A one-layer (or few-layer) model on an input of the given shape (without batch). */
export function single(
  tfjs: typeof tf,
  inputShape: (number | null)[],
  ...layers: tf.layers.Layer[]
): tf.LayersModel {
  const input = tfjs.input({ shape: inputShape });
  let x: tf.SymbolicTensor = input;
  for (const layer of layers) x = layer.apply(x) as tf.SymbolicTensor;
  return tfjs.model({ inputs: input, outputs: x });
}
