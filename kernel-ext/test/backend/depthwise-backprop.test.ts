// DepthwiseConv2dNativeBackpropFilter / BackpropInput (both added) on wasm against the cpu backend
// over strides, paddings, channel multipliers, kernel shapes and batch sizes. The cpu kernels ignore
// their dilation attribute, so dilated cases are checked against the cpu kernels run on the
// effective (zero-spread) filter, which is what a dilation means.
import { before, describe, test } from "node:test";
import { initBackend, tf } from "../../src/backend";
import { assertNoLeak, assertParity, seeded, t4 } from "./helpers";

type Shape4 = [number, number, number, number];

/** Zero-spread filter built element by element: an independent definition of dilation. */
function spreadFilter(values: Float32Array, [kh, kw, a, b]: Shape4, d: number): tf.Tensor4D {
  const shape: Shape4 = [(kh - 1) * d + 1, (kw - 1) * d + 1, a, b];
  const buf = tf.buffer(shape, "float32");
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let p = 0; p < a; p++)
        for (let q = 0; q < b; q++) buf.set(values[((i * kw + j) * a + p) * b + q], i * d, j * d, p, q);
  return buf.toTensor() as tf.Tensor4D;
}

interface Case {
  x: Shape4;
  k: [number, number];
  m: number;
  stride: number;
  dilation: number;
  pad: "same" | "valid" | number;
  rounding?: "floor" | "ceil";
}
const cases: Case[] = [];
for (const batch of [1, 2])
  for (const m of [1, 2, 3])
    for (const pad of ["same", "valid"] as const)
      for (const [stride, dilation] of [
        [1, 1],
        [2, 1],
        [3, 1],
        [1, 2],
      ])
        for (const k of [
          [3, 3],
          [2, 3],
        ] as [number, number][])
          cases.push({ x: [batch, 8, 9, 3], k, m, stride, dilation, pad });

// Numeric pads with rounding: with "ceil" the last window reaches past the padded input.
for (const rounding of ["floor", "ceil"] as const)
  cases.push({ x: [2, 8, 7, 2], k: [2, 2], m: 2, stride: 3, dilation: 1, pad: 2, rounding });

const name = (c: Case) =>
  `x[${c.x}] k[${c.k}] ×${c.m} stride ${c.stride} dilation ${c.dilation} ${c.pad} ${c.rounding ?? ""}`;
const rounding = (c: Case): tf.NamedAttrMap => (c.rounding ? { dimRoundingMode: c.rounding } : {});

describe("depthwise gradient kernels on wasm", () => {
  before(async () => {
    await initBackend("wasm");
  });

  test("DepthwiseConv2dNativeBackpropFilter matches the cpu backend", async () => {
    for (const [i, c] of cases.entries()) {
      const filter: Shape4 = [c.k[0], c.k[1], c.x[3], c.m];
      const eff: Shape4 = [(c.k[0] - 1) * c.dilation + 1, (c.k[1] - 1) * c.dilation + 1, c.x[3], c.m];
      const out = tf.tidy(
        () =>
          tf.depthwiseConv2d(
            tf.zeros(c.x) as tf.Tensor4D,
            tf.zeros(filter) as tf.Tensor4D,
            c.stride,
            c.pad,
            "NHWC",
            c.dilation,
            c.rounding,
          ).shape,
      );
      const x = seeded(c.x, i);
      const dy = seeded(out, 100 + i);
      const attrs = { strides: c.stride, pad: c.pad, ...rounding(c) };
      await assertParity(
        `dW ${name(c)}`,
        () =>
          tf
            .engine()
            .runKernel(
              tf.DepthwiseConv2dNativeBackpropFilter,
              { x: t4(x, c.x), dy: t4(dy, out) },
              { ...attrs, dilations: c.dilation, filterShape: filter },
            ),
        () => {
          const full = tf
            .engine()
            .runKernel(
              tf.DepthwiseConv2dNativeBackpropFilter,
              { x: t4(x, c.x), dy: t4(dy, out) },
              { ...attrs, dilations: 1, filterShape: eff },
            ) as tf.Tensor;
          return tf.stridedSlice(full, [0, 0, 0, 0], eff, [c.dilation, c.dilation, 1, 1]);
        },
      );
    }
  });

  test("DepthwiseConv2dNativeBackpropInput matches the cpu backend", async () => {
    for (const [i, c] of cases.entries()) {
      const filter: Shape4 = [c.k[0], c.k[1], c.x[3], c.m];
      const out = tf.tidy(
        () =>
          tf.depthwiseConv2d(
            tf.zeros(c.x) as tf.Tensor4D,
            tf.zeros(filter) as tf.Tensor4D,
            c.stride,
            c.pad,
            "NHWC",
            c.dilation,
            c.rounding,
          ).shape,
      );
      const w = seeded(filter, 200 + i);
      const dy = seeded(out, 300 + i);
      const attrs = { strides: c.stride, pad: c.pad, inputShape: c.x, ...rounding(c) };
      await assertParity(
        `dX ${name(c)}`,
        () =>
          tf
            .engine()
            .runKernel(
              tf.DepthwiseConv2dNativeBackpropInput,
              { dy: t4(dy, out), filter: t4(w, filter) },
              { ...attrs, dilations: c.dilation },
            ),
        () =>
          tf
            .engine()
            .runKernel(
              tf.DepthwiseConv2dNativeBackpropInput,
              { dy: t4(dy, out), filter: spreadFilter(w, filter, c.dilation) },
              { ...attrs, dilations: 1 },
            ),
      );
    }
  });

  test("gradients of tf.depthwiseConv2d and tf.separableConv2d match the cpu backend", async () => {
    for (const [i, c] of cases
      .filter((c) => c.dilation === 1 && c.k[0] === 3 && typeof c.pad === "string")
      .entries()) {
      const depthwise: Shape4 = [3, 3, c.x[3], c.m];
      const pointwise: Shape4 = [1, 1, c.x[3] * c.m, 4];
      const x = seeded(c.x, 400 + i);
      const w = seeded(depthwise, 500 + i);
      const p = seeded(pointwise, 600 + i);
      await assertParity(`grads ${name(c)}`, () => {
        const f = (a: tf.Tensor, b: tf.Tensor, q: tf.Tensor) =>
          tf.add(
            tf.sum(
              tf.square(
                tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad as "same" | "valid"),
              ),
            ),
            tf.sum(
              tf.separableConv2d(
                a as tf.Tensor4D,
                b as tf.Tensor4D,
                q as tf.Tensor4D,
                c.stride,
                c.pad as "same" | "valid",
              ),
            ),
          );
        const g = tf.grads(f)([t4(x, c.x), t4(w, depthwise), t4(p, pointwise)]);
        return tf.concat(g.map((t) => t.flatten()));
      });
    }
  });

  test("the kernels leave no tensor or wasm buffer behind", async () => {
    await initBackend("wasm");
    const x = t4(seeded([2, 8, 9, 3], 1), [2, 8, 9, 3]);
    const w = t4(seeded([3, 3, 3, 2], 2), [3, 3, 3, 2]);
    const dy = t4(seeded([2, 4, 5, 6], 3), [2, 4, 5, 6]);
    const attrs = { strides: 2, pad: "same", dilations: 1 };
    assertNoLeak("DepthwiseConv2dNativeBackpropFilter", () =>
      (
        tf
          .engine()
          .runKernel(
            tf.DepthwiseConv2dNativeBackpropFilter,
            { x, dy },
            { ...attrs, filterShape: [3, 3, 3, 2] },
          ) as tf.Tensor
      ).dispose(),
    );
    assertNoLeak("DepthwiseConv2dNativeBackpropInput", () =>
      (
        tf
          .engine()
          .runKernel(
            tf.DepthwiseConv2dNativeBackpropInput,
            { dy, filter: w },
            { ...attrs, inputShape: [2, 8, 9, 3] },
          ) as tf.Tensor
      ).dispose(),
    );
    tf.dispose([x, w, dy]);
  });
});
