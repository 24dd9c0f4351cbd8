import type * as tf from "@tensorflow/tfjs";

/** What optimizers receive: tfjs passes `{ name, tensor }[]` from minimize, users often a map. */
export type GradientsInput = tf.NamedTensorMap | { name: string; tensor: tf.Tensor }[];

export function gradientEntries(grads: GradientsInput): [string, tf.Tensor][] {
  return Array.isArray(grads) ? grads.map((g) => [g.name, g.tensor]) : Object.entries(grads);
}

/** Rebuilds the same shape of container as `like` from entries. */
export function sameShapeAs(like: GradientsInput, entries: [string, tf.Tensor][]): GradientsInput {
  if (Array.isArray(like)) return entries.map(([name, tensor]) => ({ name, tensor }));
  return Object.fromEntries(entries);
}
