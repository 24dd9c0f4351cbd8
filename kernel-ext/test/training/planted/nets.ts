// Planted networks for the verdict tests: each has one textbook failure (or none), built small enough to train
// in about a second on the wasm backend. Seeds vary the initialisation and the data.
import * as tf from "@tensorflow/tfjs";

export type Activation = "relu" | "sigmoid" | "tanh" | "linear";
type InitFor = (layer: number) => ReturnType<typeof tf.initializers.heNormal>;

export const normalInit =
  (stddev: number, seed: number): InitFor =>
  (i) =>
    tf.initializers.randomNormal({ mean: 0, stddev, seed: seed * 100 + i });
export const heInit =
  (seed: number): InitFor =>
  (i) =>
    tf.initializers.heNormal({ seed: seed * 100 + i });

/** Dense layers of 32 units named h1…hN, then `out` with 3 units. */
export function mlp(
  depth: number,
  activation: Activation,
  init: InitFor,
  output: "softmax" | "linear" = "softmax",
  bias?: number,
): tf.Sequential {
  const model = tf.sequential();
  for (let i = 0; i < depth; i++) {
    model.add(
      tf.layers.dense({
        units: 32,
        activation,
        inputShape: i === 0 ? [10] : undefined,
        kernelInitializer: init(i),
        biasInitializer: bias === undefined ? "zeros" : tf.initializers.constant({ value: bias }),
        name: `h${i + 1}`,
      }),
    );
  }
  model.add(tf.layers.dense({ units: 3, activation: output, kernelInitializer: init(depth), name: "out" }));
  return model;
}

/** 128 points in 10 dimensions, 3 classes from a random linear rule (learnable by any healthy MLP). */
export function blobs(seed: number, n = 128): { xs: tf.Tensor2D; ys: tf.Tensor2D } {
  return tf.tidy(() => {
    const xs = tf.randomNormal([n, 10], 0, 1, "float32", seed) as tf.Tensor2D;
    const rule = tf.randomNormal([10, 3], 0, 1, "float32", seed + 1000);
    const ys = tf.oneHot(xs.matMul(rule).argMax(1) as tf.Tensor1D, 3).toFloat() as tf.Tensor2D;
    return { xs, ys };
  });
}

/** A small CNN on 12×12 images of 3 classes: a bright square in one of three places. */
export function cnn(seed: number): tf.Sequential {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({
        filters: 8,
        kernelSize: 3,
        activation: "relu",
        inputShape: [12, 12, 1],
        kernelInitializer: tf.initializers.heNormal({ seed }),
        name: "conv",
      }),
      tf.layers.maxPooling2d({ poolSize: 2, name: "pool" }),
      tf.layers.flatten({ name: "flat" }),
      tf.layers.dense({
        units: 3,
        activation: "softmax",
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 1 }),
        name: "classes",
      }),
    ],
  });
}

export function squares(seed: number, n = 96): { xs: tf.Tensor4D; ys: tf.Tensor2D } {
  return tf.tidy(() => {
    const labels = Array.from({ length: n }, (_, i) => i % 3);
    const noise = tf.randomUniform([n, 12, 12, 1], 0, 0.3, "float32", seed);
    const masks = labels.map((c) =>
      tf.tidy(() => {
        const m = tf.buffer([12, 12, 1]);
        for (let y = 0; y < 4; y++) for (let x = 0; x < 4; x++) m.set(1, 1 + y + 3 * c, 1 + x + 3 * c, 0);
        return m.toTensor();
      }),
    );
    const xs = noise.add(tf.stack(masks)) as tf.Tensor4D;
    const ys = tf.oneHot(tf.tensor1d(labels, "int32"), 3).toFloat() as tf.Tensor2D;
    return { xs, ys };
  });
}
