import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ParityHarness } from "./helpers/parity";
import { single } from "./helpers/models";
import { assertOnnxMatches } from "./helpers/reference";
import { tf, useCpuBackend } from "./helpers/tf-setup";

const harness = new ParityHarness();
before(async () => {
  await useCpuBackend();
});
after(() => harness.checkAllAndCleanUp());

describe("preprocessing layers match tfjs", () => {
  it("Rescaling with and without offset", async () => {
    await harness.expectParity(single(tf, [4, 4, 3], tf.layers.rescaling({ scale: 1 / 255 })));
    await harness.expectParity(single(tf, [4, 4, 3], tf.layers.rescaling({ scale: 2, offset: -1 })));
  });

  // tfjs's CenterCrop overwrites its input's symbolic shape with the target size, so a model whose input
  // feeds it directly only accepts target-sized images; behind another layer it crops whatever arrives.
  const cropModel = (shape: (number | null)[], height: number, width: number): tf.LayersModel =>
    single(
      tf,
      shape,
      tf.layers.conv2d({ filters: 2, kernelSize: 1 }),
      tf.layers.centerCrop({ height, width }),
    );

  for (const [inH, inW, h, w] of [
    [10, 10, 6, 6],
    [9, 8, 4, 7],
    [7, 11, 7, 5],
    [13, 6, 5, 6],
    [6, 7, 5, 6],
    [23, 17, 1, 1],
  ] as const) {
    it(`CenterCrop ${inH}×${inW} → ${h}×${w}`, async () => {
      await harness.expectParity(cropModel([inH, inW, 2], h, w));
    });
  }

  it("CenterCrop on inputs of unknown size", async () => {
    const sizes = [
      [10, 10],
      [9, 8],
      [5, 7],
      [13, 6],
      [6, 7],
      [17, 23],
      [5, 6],
    ];
    const samples = sizes.map(([h, w], i) =>
      tf.randomNormal([2, h as number, w as number, 2], 0, 1, "float32", i),
    );
    const result = await harness.expectParity(cropModel([null, null, 2], 5, 6), {
      verify: { samples, freeDimSize: 11, latencyRuns: 0 },
    });
    tf.dispose(samples);
    assert.equal(result.verification?.cases.length, sizes.length + 1);
  });

  // On a smaller input tfjs resizes instead, but that branch only runs eagerly (inside a model it passes a
  // list to the resize op and fails): checked against the layer applied to tensors.
  it("CenterCrop resizes inputs smaller than the target, as tfjs's layer does eagerly", async () => {
    const model = cropModel([null, null, 2], 5, 6);
    const exported = await harness.export(model, { verify: false });
    const [, conv, crop] = model.layers as [tf.layers.Layer, tf.layers.Layer, tf.layers.Layer];
    for (const [h, w] of [
      [4, 9],
      [3, 3],
      [8, 4],
      [5, 5],
    ] as const) {
      const x = tf.randomNormal([2, h, w, 2], 0, 1, "float32", h * 10 + w);
      const expected = tf.tidy(() => crop.apply(conv.apply(x) as tf.Tensor) as tf.Tensor);
      await assertOnnxMatches(exported, [x], [expected]);
      tf.dispose([x, expected]);
    }
  });

  it("CenterCrop directly on the model input (tfjs then only accepts the target size)", async () => {
    await harness.expectParity(single(tf, [9, 8, 3], tf.layers.centerCrop({ height: 4, width: 3 })));
  });
});
