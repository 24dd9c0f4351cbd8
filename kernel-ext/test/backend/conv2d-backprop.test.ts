// Conv2DBackpropFilter (added) and Conv2DBackpropInput (replaced) on wasm against the cpu backend's
// kernels, over strides, paddings (same / valid / explicit, including valid convolutions that leave
// trailing input rows unread), kernel shapes, batch sizes, and both forms of the filter gradient
// (convolution, and im2col when Cin·kh·kw < Cout); then gradients through tf.conv2d and
// tf.conv2dTranspose, and leaks.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { initBackend, tf } from "../../src/backend";
import { assertNoLeak, assertParity, seeded, t4 } from "./helpers";

type Pad =
  "same" | "valid" | number | [[number, number], [number, number], [number, number], [number, number]];
interface Case {
  x: [number, number, number, number];
  k: [number, number];
  cout: number;
  stride: number | [number, number];
  pad: Pad;
  rounding?: "floor" | "ceil" | "round";
}

const explicit: Pad = [
  [0, 0],
  [1, 2],
  [2, 0],
  [0, 0],
];
const cases: Case[] = [];
for (const batch of [1, 3]) {
  for (const stride of [1, 2, 3, [2, 1]] as const) {
    for (const pad of ["same", "valid", explicit] as Pad[]) {
      for (const k of [
        [1, 1],
        [3, 3],
        [2, 3],
        [5, 4],
      ] as [number, number][]) {
        cases.push({ x: [batch, 8, 9, 3], k, cout: 4, stride: stride as number | [number, number], pad });
      }
    }
  }
}
// Few input taps per output channel (Cin·kh·kw < Cout): the filter gradient takes its im2col form.
for (const stride of [1, 2, 3] as const) {
  for (const pad of ["same", "valid", explicit] as Pad[]) {
    cases.push({ x: [2, 9, 8, 1], k: [3, 3], cout: 16, stride, pad });
    cases.push({ x: [3, 7, 10, 2], k: [2, 2], cout: 12, stride, pad });
  }
}
// Kernels larger than the input, and numeric pads with each rounding mode.
for (const stride of [1, 2] as const)
  cases.push({ x: [2, 3, 4, 2], k: [5, 5], cout: 3, stride, pad: "same" });
for (const rounding of ["floor", "ceil", "round"] as const) {
  cases.push({ x: [2, 8, 7, 2], k: [3, 3], cout: 3, stride: 2, pad: 1, rounding });
  cases.push({ x: [2, 8, 7, 1], k: [2, 2], cout: 6, stride: 3, pad: 2, rounding });
}
// Odd sizes where a strided valid convolution leaves rows and columns unread.
cases.push({ x: [2, 10, 11, 2], k: [3, 3], cout: 5, stride: 4, pad: "valid" });
cases.push({ x: [2, 7, 7, 1], k: [3, 3], cout: 16, stride: 2, pad: "same" });

const name = (c: Case) =>
  `x[${c.x}] k[${c.k}]→${c.cout} stride ${c.stride} pad ${JSON.stringify(c.pad)} ${c.rounding ?? ""}`;

function shapes(c: Case) {
  const filter: [number, number, number, number] = [c.k[0], c.k[1], c.x[3], c.cout];
  const out = tf.tidy(
    () =>
      tf.conv2d(
        tf.zeros(c.x) as tf.Tensor4D,
        tf.zeros(filter) as tf.Tensor4D,
        c.stride,
        c.pad,
        "NHWC",
        1,
        c.rounding,
      ).shape,
  );
  return { filter, out };
}

describe("Conv2D gradient kernels on wasm", () => {
  before(async () => {
    await initBackend("wasm");
  });

  test("Conv2DBackpropFilter matches the cpu backend", async () => {
    for (const [i, c] of cases.entries()) {
      const { filter, out } = shapes(c);
      const x = seeded(c.x, i);
      const dy = seeded(out, 1000 + i);
      await assertParity(`dW ${name(c)}`, () =>
        tf.engine().runKernel(
          tf.Conv2DBackpropFilter,
          { x: t4(x, c.x), dy: t4(dy, out) },
          {
            strides: c.stride,
            pad: c.pad,
            dataFormat: "NHWC",
            filterShape: filter,
            ...(c.rounding ? { dimRoundingMode: c.rounding } : {}),
          },
        ),
      );
    }
  });

  test("Conv2DBackpropInput matches the cpu backend", async () => {
    for (const [i, c] of cases.entries()) {
      const { filter, out } = shapes(c);
      const w = seeded(filter, 2000 + i);
      const dy = seeded(out, 3000 + i);
      await assertParity(`dX ${name(c)}`, () =>
        tf.engine().runKernel(
          tf.Conv2DBackpropInput,
          { dy: t4(dy, out), filter: t4(w, filter) },
          {
            strides: c.stride,
            pad: c.pad,
            dataFormat: "NHWC",
            inputShape: c.x,
            ...(c.rounding ? { dimRoundingMode: c.rounding } : {}),
          },
        ),
      );
    }
  });

  test("gradients of tf.conv2d match the cpu backend", async () => {
    for (const [i, c] of cases.filter((_, j) => j % 3 === 0).entries()) {
      const { filter, out } = shapes(c);
      const x = seeded(c.x, 4000 + i);
      const w = seeded(filter, 5000 + i);
      const dy = seeded(out, 6000 + i);
      await assertParity(`grads ${name(c)}`, () => {
        const f = (a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(
            tf.mul(
              tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad, "NHWC", 1, c.rounding),
              t4(dy, out),
            ),
          );
        const [gx, gw] = tf.grads(f)([t4(x, c.x), t4(w, filter)]);
        return tf.concat([gx.flatten(), gw.flatten()]);
      });
    }
  });

  test("tf.conv2dTranspose (forward and gradients) matches the cpu backend", async () => {
    for (const [stride, pad] of [
      [1, "same"],
      [2, "same"],
      [2, "valid"],
      [3, "valid"],
    ] as const) {
      const input: [number, number, number, number] = [2, 5, 6, 3];
      const filter: [number, number, number, number] = [3, 3, 4, 3]; // [kh, kw, out channels, in channels]
      const outShape: [number, number, number, number] =
        pad === "same" ? [2, 5 * stride, 6 * stride, 4] : [2, (5 - 1) * stride + 3, (6 - 1) * stride + 3, 4];
      const x = seeded(input, stride);
      const w = seeded(filter, 10 + stride);
      await assertParity(`conv2dTranspose stride ${stride} ${pad}`, () => {
        const f = (a: tf.Tensor, b: tf.Tensor) =>
          tf.conv2dTranspose(a as tf.Tensor4D, b as tf.Tensor4D, outShape, stride, pad);
        const y = f(t4(x, input), t4(w, filter));
        const dy = tf.tensor(seeded(y.shape, 20 + stride), y.shape);
        const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), dy)))([
          t4(x, input),
          t4(w, filter),
        ]);
        return tf.concat([y.flatten(), gx.flatten(), gw.flatten()]);
      });
    }
  });

  test("the kernels leave no tensor or wasm buffer behind", async () => {
    await initBackend("wasm");
    const x = t4(seeded([2, 9, 8, 3], 1), [2, 9, 8, 3]);
    const w = t4(seeded([3, 3, 3, 4], 2), [3, 3, 3, 4]);
    const dy = t4(seeded([2, 5, 4, 4], 3), [2, 5, 4, 4]);
    const attrs = { strides: 2, pad: "same", dataFormat: "NHWC" };
    assertNoLeak("Conv2DBackpropFilter (im2col form)", () =>
      (
        tf
          .engine()
          .runKernel(tf.Conv2DBackpropFilter, { x, dy }, { ...attrs, filterShape: [1, 1, 3, 4] }) as tf.Tensor
      ).dispose(),
    );
    assertNoLeak("Conv2DBackpropFilter", () =>
      (
        tf
          .engine()
          .runKernel(tf.Conv2DBackpropFilter, { x, dy }, { ...attrs, filterShape: [3, 3, 3, 4] }) as tf.Tensor
      ).dispose(),
    );
    assertNoLeak("Conv2DBackpropInput", () =>
      (
        tf
          .engine()
          .runKernel(
            tf.Conv2DBackpropInput,
            { dy, filter: w },
            { ...attrs, inputShape: [2, 9, 8, 3] },
          ) as tf.Tensor
      ).dispose(),
    );
    assertNoLeak("grads of conv2d", () =>
      tf.dispose(
        tf.grads((a: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, "valid")),
        )([x, w]),
      ),
    );
    tf.dispose([x, w, dy]);
  });

  test("NCHW is refused with a clear message", async () => {
    await initBackend("wasm");
    const x = tf.zeros([1, 3, 5, 5]);
    const dy = tf.zeros([1, 4, 3, 3]);
    assert.throws(
      () =>
        tf
          .engine()
          .runKernel(
            tf.Conv2DBackpropFilter,
            { x, dy },
            { strides: 1, pad: "valid", dataFormat: "NCHW", filterShape: [3, 3, 3, 4] },
          ),
      /NHWC only/,
    );
    tf.dispose([x, dy]);
  });
});
