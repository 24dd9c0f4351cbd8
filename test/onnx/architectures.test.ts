import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ParityHarness, withoutTensorLeak } from "./helpers/parity";
import { tf, useCpuBackend } from "./helpers/tf-setup";
import {
  mobileNetLike,
  multiInputMultiOutput,
  resNetLike,
  textClassifier,
  uNetLike,
} from "./fixtures/architectures";

const harness = new ParityHarness();
before(async () => {
  await useCpuBackend();
});
after(() => harness.checkAllAndCleanUp());

/** Trained-looking BatchNormalization statistics (fresh ones make BN nearly the identity). */
function randomiseBatchNorm(model: tf.LayersModel): void {
  for (const layer of model.layers) {
    if (layer.getClassName() !== "BatchNormalization") continue;
    const values = layer.getWeights().map((w, i) => tf.randomUniform(w.shape, 0.5, 1.5, "float32", i + 7));
    layer.setWeights(values);
    tf.dispose(values);
  }
}

describe("generated architectures pass verification", () => {
  it("MobileNet-like (depthwise convolutions, BatchNormalization, ReLU6)", async () => {
    const model = mobileNetLike(tf);
    randomiseBatchNorm(model);
    const result = await withoutTensorLeak(tf, () => harness.expectParity(model));
    assert.equal(result.opCounts.Transpose, 1, "only the input's NHWC→NCHW transpose remains");
  });

  it("ResNet-like (Add shortcuts)", async () => {
    const model = resNetLike(tf);
    randomiseBatchNorm(model);
    const result = await withoutTensorLeak(tf, () => harness.expectParity(model));
    assert.equal(result.opCounts.Transpose, 1);
  });

  for (const interpolation of ["nearest", "bilinear"] as const) {
    it(`U-Net-like (Concatenate, UpSampling2D ${interpolation}) on a dynamic spatial size`, async () => {
      const model = uNetLike(tf, interpolation);
      const result = await withoutTensorLeak(tf, () =>
        harness.expectParity(model, { verify: { freeDimSize: 12, latencyRuns: 0 } }),
      );
      assert.deepEqual(result.inputs[0]?.shape, ["batch", "image_dim1", "image_dim2", 3]);
      assert.equal(result.opCounts.Transpose, 2, "one NHWC→NCHW at the input, one NCHW→NHWC at the output");
      // A second size proves the dimensions really are symbolic.
      const x = tf.randomNormal([1, 20, 8, 3], 0, 1, "float32", 3);
      const again = await harness.expectParity(model, { verify: { samples: [x], latencyRuns: 0 } });
      assert.equal(again.verification?.cases.length, 2);
      x.dispose();
    });
  }

  for (const maskZero of [false, true]) {
    it(`text classifier (Embedding, LSTM, GRU)${maskZero ? " with maskZero" : ""}`, async () => {
      const model = textClassifier(tf, maskZero);
      const result = await withoutTensorLeak(tf, () =>
        harness.expectParity(model, { verify: { batchSize: 5, latencyRuns: 0 } }),
      );
      if (!maskZero) {
        assert.equal(result.opCounts.LSTM, 1);
        assert.equal(result.opCounts.GRU, 1);
      }
    });
  }

  it("multi-input multi-output functional model with a shared layer and nested models", async () => {
    const model = multiInputMultiOutput(tf);
    const result = await withoutTensorLeak(tf, () => harness.expectParity(model));
    assert.deepEqual(
      result.inputs.map((i) => i.name),
      ["image", "meta"],
    );
    assert.deepEqual(
      result.outputs.map((o) => o.name),
      ["classes", "score", "product"],
    );
    assert.deepEqual(
      result.outputs.map((o) => o.shape),
      [
        ["batch", 3],
        ["batch", 1],
        ["batch", 6],
      ],
    );
  });

  it("a Sequential model and a fixed batch size", async () => {
    const model = tf.sequential({
      layers: [
        tf.layers.dense({ inputShape: [4], units: 8, activation: "relu" }),
        tf.layers.dense({ units: 2 }),
      ],
    });
    const result = await harness.expectParity(model, {
      dynamicBatch: false,
      verify: { batchSize: 1, latencyRuns: 0 },
    });
    assert.deepEqual(result.inputs[0]?.shape, [1, 4]);
  });
});
