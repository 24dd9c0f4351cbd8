// Gradients of dilated convolutions (tfjs-core rejects them; tslab-ml registers gradients that take
// them through the effective filter, and routes tf.fused.conv2d's dilated case through the unfused
// op under a tape). Checked on wasm and on cpu against a reference that never uses a dilation: a
// dilation-1 convolution with the filter spread by a constant 0/1 matrix, differentiated by tfjs.
import { describe, test } from "node:test";
import { initBackend, tf } from "../../src/backend";
import { assertClose, assertNoLeak, runOn, seeded, t4 } from "./helpers";

type Shape4 = [number, number, number, number];

/** spread(w) = S·w with S the 0/1 matrix that puts tap (i, j) at (i·d, j·d). Differentiable. */
function spread(w: tf.Tensor4D, d: [number, number]): tf.Tensor4D {
  const [kh, kw, a, b] = w.shape;
  const eh = (kh - 1) * d[0] + 1;
  const ew = (kw - 1) * d[1] + 1;
  const s = new Float32Array(eh * ew * kh * kw);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++) s[(i * d[0] * ew + j * d[1]) * kh * kw + i * kw + j] = 1;
  return tf.reshape(tf.matMul(tf.tensor2d(s, [eh * ew, kh * kw]), tf.reshape(w, [kh * kw, a * b])), [
    eh,
    ew,
    a,
    b,
  ]);
}

interface Case {
  label: string;
  x: Shape4;
  filter: Shape4;
  /** The dilated op under test. */
  op: (x: tf.Tensor4D, w: tf.Tensor4D, bias: tf.Tensor1D) => tf.Tensor;
  /** The same function written without dilation. */
  reference: (x: tf.Tensor4D, w: tf.Tensor4D, bias: tf.Tensor1D) => tf.Tensor;
}

const cases: Case[] = [];
for (const d of [2, 3])
  for (const pad of ["same", "valid"] as const) {
    cases.push({
      label: `conv2d dilation ${d} ${pad}`,
      x: [2, 11, 10, 3],
      filter: [3, 3, 3, 4],
      op: (x, w) => tf.conv2d(x, w, 1, pad, "NHWC", d),
      reference: (x, w) => tf.conv2d(x, spread(w, [d, d]), 1, pad),
    });
    cases.push({
      label: `fused conv2d (bias, linear) dilation ${d} ${pad}`,
      x: [2, 11, 10, 3],
      filter: [3, 2, 3, 4],
      op: (x, w, bias) => tf.fused.conv2d({ x, filter: w, strides: 1, pad, dilations: d, bias }),
      reference: (x, w, bias) => tf.add(tf.conv2d(x, spread(w, [d, d]), 1, pad), bias),
    });
    cases.push({
      label: `fused conv2d (bias, relu) dilation ${d} ${pad}`,
      x: [2, 11, 10, 3],
      filter: [3, 3, 3, 4],
      op: (x, w, bias) =>
        tf.fused.conv2d({ x, filter: w, strides: 1, pad, dilations: d, bias, activation: "relu" }),
      reference: (x, w, bias) => tf.relu(tf.add(tf.conv2d(x, spread(w, [d, d]), 1, pad), bias)),
    });
  }
for (const pad of ["same", "valid"] as const) {
  cases.push({
    label: `depthwiseConv2d ×2 dilation 2 ${pad}`,
    x: [2, 10, 9, 3],
    filter: [3, 3, 3, 2],
    op: (x, w) => tf.depthwiseConv2d(x, w, 1, pad, "NHWC", 2),
    reference: (x, w) => tf.depthwiseConv2d(x, spread(w, [2, 2]), 1, pad),
  });
  cases.push({
    label: `conv1d dilation 2 ${pad}`,
    x: [2, 1, 13, 3],
    filter: [1, 3, 3, 4],
    op: (x, w) =>
      tf.conv1d(tf.squeeze(x, [1]) as tf.Tensor3D, tf.squeeze(w, [0]) as tf.Tensor3D, 1, pad, "NWC", 2),
    reference: (x, w) => tf.conv2d(x, spread(w, [1, 2]), 1, pad),
  });
}

function gradients(c: Case, f: Case["op"], seed: number): tf.Tensor {
  const x = t4(seeded(c.x, seed), c.x);
  const w = t4(seeded(c.filter, seed + 1), c.filter);
  const bias = tf.tensor1d(seeded([c.filter[3]], seed + 2));
  const y = f(x, w, bias);
  const dy = tf.tensor(seeded(y.shape, seed + 3), y.shape);
  const loss = (a: tf.Tensor, b: tf.Tensor, c2: tf.Tensor) =>
    tf.sum(tf.mul(f(a as tf.Tensor4D, b as tf.Tensor4D, c2 as tf.Tensor1D), dy));
  // Only the fused cases use the bias; a gradient with respect to an unused input does not exist.
  const inputs = c.label.startsWith("fused") ? [x, w, bias] : [x, w];
  const g = tf.grads((...t: tf.Tensor[]) => loss(t[0], t[1], t[2] ?? bias))(inputs);
  return tf.concat([y.flatten(), ...g.map((t) => t.flatten())]);
}

describe("dilated convolutions train", () => {
  for (const [i, c] of cases.entries()) {
    test(`${c.label}: gradients on wasm and cpu match the undilated reference`, async () => {
      const expected = await runOn("cpu", () => gradients(c, c.reference, 10 * i));
      assertClose(await runOn("wasm", () => gradients(c, c.op, 10 * i)), expected, `wasm ${c.label}`);
      assertClose(await runOn("cpu", () => gradients(c, c.op, 10 * i)), expected, `cpu ${c.label}`);
    });
  }

  test("dilated gradients leave no tensor or wasm buffer behind", async () => {
    await initBackend("wasm");
    for (const c of cases) {
      const x = t4(seeded(c.x, 1), c.x);
      const w = t4(seeded(c.filter, 2), c.filter);
      const bias = tf.tensor1d(seeded([c.filter[3]], 3));
      assertNoLeak(c.label, () =>
        tf.dispose(
          tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(c.op(a as tf.Tensor4D, b as tf.Tensor4D, bias)))([
            x,
            w,
          ]),
        ),
      );
      tf.dispose([x, w, bias]);
    }
  });

  for (const backend of ["wasm", "cpu"] as const)
    test(`dilated Conv2D and DepthwiseConv2D layers fit on ${backend}`, async () => {
      await initBackend(backend);
      const model = tf.sequential({
        layers: [
          tf.layers.conv2d({
            inputShape: [9, 9, 2],
            filters: 3,
            kernelSize: 3,
            dilationRate: 2,
            padding: "same",
          }),
          tf.layers.depthwiseConv2d({ kernelSize: 2, dilationRate: 2, depthMultiplier: 2, padding: "valid" }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 2 }),
        ],
      });
      model.compile({ optimizer: tf.train.adam(0.01), loss: "meanSquaredError" });
      const x = t4(seeded([8, 9, 9, 2], 7), [8, 9, 9, 2]);
      const y = tf.tensor2d(seeded([8, 2], 8), [8, 2]);
      const history = await model.fit(x, y, { epochs: 8, batchSize: 8, verbose: 0 });
      const loss = history.history.loss as number[];
      if (!(loss[loss.length - 1] < loss[0])) throw new Error(`loss did not fall: ${loss.join(", ")}`);
      tf.dispose([x, y]);
      model.dispose();
    });
});
