// MaxPoolGrad (replaced on wasm: the stock kernel seeds each window's maximum with FLT_MIN, so
// windows of values ≤ 0 lose their gradient) against the cpu backend: negative inputs, ties (the
// first maximum wins), overlapping windows, strides and paddings.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { initBackend, tf } from "../../src/backend";
import { assertNoLeak, assertParity, runOn, seeded } from "./helpers";

function poolGrad(
  x: tf.Tensor4D,
  size: [number, number],
  stride: [number, number],
  pad: "same" | "valid",
): tf.Tensor {
  const y = tf.maxPool(x, size, stride, pad);
  const dy = tf.tensor(seeded(y.shape, 3), y.shape);
  return tf.grad((a: tf.Tensor) => tf.sum(tf.mul(tf.maxPool(a as tf.Tensor4D, size, stride, pad), dy)))(x);
}

describe("MaxPoolGrad on wasm", () => {
  test("matches the cpu backend over sizes, strides and paddings", async () => {
    for (const [size, stride] of [
      [
        [2, 2],
        [2, 2],
      ],
      [
        [3, 3],
        [2, 2],
      ],
      [
        [3, 3],
        [1, 1],
      ],
      [
        [2, 3],
        [1, 2],
      ],
      [
        [1, 1],
        [1, 1],
      ],
    ] as [number, number][][]) {
      for (const pad of ["same", "valid"] as const) {
        for (const shape of [
          [1, 7, 8, 3],
          [3, 9, 6, 5],
        ]) {
          await assertParity(`pool ${size} stride ${stride} ${pad} x[${shape}]`, () =>
            poolGrad(
              tf.tensor4d(seeded(shape, 1), shape as [number, number, number, number]),
              size as [number, number],
              stride as [number, number],
              pad,
            ),
          );
        }
      }
    }
  });

  test("all-negative windows and ties route the gradient to the first maximum", async () => {
    const shape: [number, number, number, number] = [2, 6, 6, 4];
    const negative = Float32Array.from(seeded(shape, 2), (v) => -1 - Math.abs(v));
    const ties = new Float32Array(negative.length).fill(0); // ReLU'd dead regions: all-zero windows.
    for (const [label, values] of [
      ["negative", negative],
      ["ties", ties],
    ] as const) {
      await assertParity(label, () => poolGrad(tf.tensor4d(values, shape), [2, 2], [2, 2], "valid"));
      const wasm = await runOn("wasm", () => poolGrad(tf.tensor4d(values, shape), [2, 2], [2, 2], "valid"));
      const total = wasm.values.reduce((s, v) => s + Math.abs(v), 0);
      assert.ok(total > 0, `${label}: the gradient must reach the input`);
    }
  });

  test("leaves no tensor or wasm buffer behind", async () => {
    await initBackend("wasm");
    const x = tf.tensor4d(seeded([2, 6, 6, 3], 1), [2, 6, 6, 3]);
    assertNoLeak("MaxPoolGrad", () => tf.tidy(() => poolGrad(x, [2, 2], [2, 2], "same")).dispose());
    x.dispose();
  });
});
