// UnsortedSegmentSum (added: the gradient of Gather, hence of Embedding) on wasm against the cpu
// backend, for several ranks and dtypes, ids outside [0, numSegments), multi-dimensional ids, and
// through the gradients of tf.gather and of an Embedding layer.
import { describe, test } from "node:test";
import { initBackend, tf } from "../../src/backend";
import { assertNoLeak, assertParity, seeded } from "./helpers";

describe("UnsortedSegmentSum on wasm", () => {
  test("matches the cpu backend for ranks 1 to 3, ids out of range and int32", async () => {
    const ids = [0, 3, 3, -1, 5, 1, 4, 3];
    for (const shape of [[8], [8, 5], [8, 2, 3]]) {
      await assertParity(`x[${shape}] float32`, () =>
        tf.unsortedSegmentSum(tf.tensor(seeded(shape, shape.length), shape), tf.tensor1d(ids, "int32"), 5),
      );
      await assertParity(`x[${shape}] int32`, () =>
        tf.unsortedSegmentSum(
          tf.tensor(
            Int32Array.from(seeded(shape, 9), (v) => Math.round(v * 50)),
            shape,
            "int32",
          ),
          tf.tensor1d(ids, "int32"),
          6,
        ),
      );
    }
  });

  test("gradients of tf.gather match the cpu backend", async () => {
    const params = seeded([7, 4, 3], 11);
    for (const axis of [0, 1, 2]) {
      const size = [7, 4, 3][axis];
      const indices = [0, size - 1, 1, 1, 0, size - 1];
      await assertParity(`gather axis ${axis}`, () => {
        const p = tf.tensor3d(params, [7, 4, 3]);
        const weights = tf.tensor(
          seeded(tf.gather(p, indices, axis).shape, axis),
          tf.gather(p, indices, axis).shape,
        );
        return tf.grad((q: tf.Tensor) =>
          tf.sum(tf.mul(tf.gather(q, tf.tensor1d(indices, "int32"), axis), weights)),
        )(p);
      });
    }
  });

  test("an Embedding layer's weight gradient matches the cpu backend", async () => {
    const ids = Int32Array.from(seeded([6, 5], 4), (v) => Math.floor((v + 1) * 10));
    const table = seeded([20, 8], 5);
    await assertParity("embedding", () => {
      const model = tf.sequential({
        layers: [tf.layers.embedding({ inputDim: 20, outputDim: 8, inputLength: 5 })],
      });
      model.setWeights([tf.tensor2d(table, [20, 8])]);
      const input = tf.tensor2d(ids, [6, 5], "int32");
      const weights = model.trainableWeights.map((w) => w.read() as tf.Variable);
      const { grads } = tf.variableGrads(
        () => tf.sum(tf.square(model.apply(input) as tf.Tensor)) as tf.Scalar,
        weights,
      );
      const out = Object.values(grads)[0].clone();
      model.dispose();
      return out;
    });
  });

  test("leaves no tensor or wasm buffer behind", async () => {
    await initBackend("wasm");
    const x = tf.tensor2d(seeded([8, 5], 1), [8, 5]);
    const ids = tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3], "int32");
    assertNoLeak("UnsortedSegmentSum", () => tf.unsortedSegmentSum(x, ids, 4).dispose());
    tf.dispose([x, ids]);
  });
});
