// The wasm backend's own kernels that the trained layer families lean on (pooling, activations,
// normalisation, recurrent cells), checked against the cpu backend: tslab-ml replaced MaxPoolGrad
// after finding it wrong, and this guards the others it kept.
import { describe, test } from "node:test";
import { tf } from "../../src/backend";
import { assertParity, seeded } from "./helpers";

type Unary = (a: tf.Tensor) => tf.Tensor;

function gradOf(f: Unary, shape: number[], seed: number, scale = 1): tf.Tensor {
  const x = tf.tensor(
    seeded(shape, seed).map((v) => v * scale),
    shape,
  );
  const y = f(x);
  const w = tf.tensor(seeded(y.shape, seed + 1), y.shape);
  return tf.concat([
    y.flatten(),
    tf
      .grad((a: tf.Tensor) => tf.sum(tf.mul(f(a), w)))(x)
      .flatten(),
  ]);
}

describe("stock wasm gradients used by the layer families", () => {
  test("average pooling", async () => {
    for (const [size, stride] of [
      [2, 2],
      [3, 2],
      [3, 1],
    ])
      for (const pad of ["same", "valid"] as const)
        await assertParity(`avgPool ${size}/${stride} ${pad}`, () =>
          gradOf((a) => tf.avgPool(a as tf.Tensor4D, size, stride, pad), [2, 7, 8, 3], size),
        );
  });

  test("activations", async () => {
    const activations: [string, Unary][] = [
      ["relu", tf.relu],
      ["relu6", tf.relu6],
      ["elu", tf.elu],
      ["selu", tf.selu],
      ["leakyRelu", (a) => tf.leakyRelu(a, 0.1)],
      ["prelu", (a) => tf.prelu(a, tf.scalar(0.2))],
      ["softplus", tf.softplus],
      ["sigmoid", tf.sigmoid],
      ["tanh", tf.tanh],
      ["softmax", (a) => tf.softmax(a)],
      ["logSoftmax", (a) => tf.logSoftmax(a)],
    ];
    for (const [name, f] of activations) await assertParity(name, () => gradOf(f, [5, 6], 3, 4));
  });

  test("batch and layer normalisation", async () => {
    await assertParity("moments-based normalisation", () =>
      gradOf(
        (a) => {
          const { mean, variance } = tf.moments(a, [0, 1, 2]);
          return tf.batchNorm(a, mean, variance, tf.tensor1d([0.1, -0.2]), tf.tensor1d([1.5, 0.7]), 1e-3);
        },
        [3, 4, 4, 2],
        5,
      ),
    );
    await assertParity("layer normalisation", () =>
      gradOf(
        (a) => {
          const { mean, variance } = tf.moments(a, [1], true);
          return tf.div(tf.sub(a, mean), tf.sqrt(tf.add(variance, 1e-3)));
        },
        [4, 7],
        6,
      ),
    );
  });

  test("LSTM and GRU layers", async () => {
    for (const layer of ["lstm", "gru"] as const) {
      const x = seeded([3, 5, 4], 7);
      await assertParity(layer, () => {
        const model = tf.sequential({
          layers: [
            layer === "lstm"
              ? tf.layers.lstm({ units: 6, inputShape: [5, 4] })
              : tf.layers.gru({ units: 6, inputShape: [5, 4] }),
          ],
        });
        model.setWeights(model.getWeights().map((w, i) => tf.tensor(seeded(w.shape, 20 + i), w.shape)));
        const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
        const { value, grads } = tf.variableGrads(
          () => tf.sum(tf.square(model.apply(tf.tensor3d(x, [3, 5, 4])) as tf.Tensor)) as tf.Scalar,
          weights,
        );
        const out = tf.concat([value.reshape([1]), ...weights.map((w) => grads[w.name].flatten())]);
        model.dispose();
        return out;
      });
    }
  });
});
