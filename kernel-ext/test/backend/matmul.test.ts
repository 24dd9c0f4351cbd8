// BatchMatMul and _FusedMatMul (replaced on wasm so that transposed operands reach XNNPACK) against
// the cpu backend: every transpose combination, rank 3 with one batch, several batches (left to
// the original kernel), broadcasting, fused bias and activations, and Dense gradients.
import { describe, test } from "node:test";
import { initBackend, tf } from "../../src/backend";
import { assertNoLeak, assertParity, seeded } from "./helpers";

const combos = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

describe("matmul kernels on wasm", () => {
  test("BatchMatMul matches the cpu backend", async () => {
    for (const [ta, tb] of combos) {
      for (const [batchA, batchB] of [
        [[], []],
        [[1], [1]],
        [[3], [3]],
        [[3], [1]],
        [[2, 2], [1]],
      ]) {
        const a = [...batchA, ...(ta ? [7, 5] : [5, 7])];
        const b = [...batchB, ...(tb ? [6, 7] : [7, 6])];
        await assertParity(`a[${a}]${ta ? "ᵀ" : ""} b[${b}]${tb ? "ᵀ" : ""}`, () =>
          tf.matMul(tf.tensor(seeded(a, 1), a), tf.tensor(seeded(b, 2), b), ta, tb),
        );
      }
    }
  });

  test("_FusedMatMul with bias and activations matches the cpu backend", async () => {
    for (const [ta, tb] of combos) {
      for (const activation of ["linear", "relu", "elu", "relu6"] as const) {
        const a: [number, number] = ta ? [9, 4] : [4, 9];
        const b: [number, number] = tb ? [3, 9] : [9, 3];
        await assertParity(`fused ${activation} ${ta} ${tb}`, () =>
          tf.fused.matMul({
            a: tf.tensor2d(seeded(a, 3), a),
            b: tf.tensor2d(seeded(b, 4), b),
            transposeA: ta,
            transposeB: tb,
            bias: tf.tensor1d(seeded([3], 5)),
            activation,
          }),
        );
      }
    }
  });

  test("Dense layer gradients match the cpu backend", async () => {
    const x = seeded([6, 10], 6);
    const w = seeded([10, 4], 7);
    const bias = seeded([4], 8);
    await assertParity("dense grads", () => {
      const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
        tf.sum(
          tf.square(
            tf.fused.matMul({ a: a as tf.Tensor2D, b: b as tf.Tensor2D, bias: c, activation: "linear" }),
          ),
        );
      const g = tf.grads(f)([tf.tensor2d(x, [6, 10]), tf.tensor2d(w, [10, 4]), tf.tensor1d(bias)]);
      return tf.concat(g.map((t) => t.flatten()));
    });
  });

  test("leaves no tensor or wasm buffer behind", async () => {
    await initBackend("wasm");
    const a = tf.tensor2d(seeded([7, 5], 1), [7, 5]);
    const b = tf.tensor2d(seeded([6, 7], 2), [6, 7]);
    assertNoLeak("BatchMatMul transposed", () => tf.matMul(a, b, true, true).dispose());
    assertNoLeak("_FusedMatMul transposed", () =>
      tf.fused.matMul({ a, b, transposeA: true, transposeB: true, activation: "relu" }).dispose(),
    );
    tf.dispose([a, b]);
  });
});
