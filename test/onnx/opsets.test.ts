import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { MAX_OPSET, MIN_OPSET } from "../../kernel-ext/src/onnx";
import { ParityHarness } from "./helpers/parity";
import { tf, useCpuBackend } from "./helpers/tf-setup";

const harness = new ParityHarness();
before(async () => {
  await useCpuBackend();
});
after(() => harness.checkAllAndCleanUp());

type T = tf.SymbolicTensor;
const ap = (layer: tf.layers.Layer, x: T | T[]): T => layer.apply(x) as T;

/** Image ops whose ONNX form changed across opsets: reductions, Pad, Slice, Resize, LayerNormalization, Gelu, Mish. */
function imageZoo(): tf.LayersModel {
  const L = tf.layers;
  const input = tf.input({ shape: [6, 6, 2] });
  let x = ap(
    L.zeroPadding2d({
      padding: [
        [1, 0],
        [0, 2],
      ],
    }),
    input,
  );
  x = ap(L.conv2d({ filters: 4, kernelSize: 3, activation: "gelu" }), x);
  x = ap(L.upSampling2d({ size: [2, 2], interpolation: "bilinear" }), x);
  x = ap(
    L.cropping2D({
      cropping: [
        [1, 1],
        [0, 2],
      ],
    }),
    x,
  );
  x = ap(L.layerNormalization(), x);
  x = ap(L.activation({ activation: "mish" }), x);
  const pooled = ap(L.globalMaxPooling2d({}), x);
  const mean = ap(L.globalAveragePooling2d({}), x);
  const soft = ap(L.softmax({ axis: [1, 2] as unknown as number }), x);
  const out = ap(L.dot({ axes: 1, normalize: true }), [pooled, mean]);
  return tf.model({ inputs: input, outputs: [out, soft] });
}

/** Sequence ops: Squeeze/Unsqueeze around the native LSTM, Split/Gather in a step-by-step GRU, masks. */
function sequenceZoo(): tf.LayersModel {
  const L = tf.layers;
  const input = tf.input({ shape: [5] });
  let x = ap(L.embedding({ inputDim: 6, outputDim: 3, maskZero: true }), input);
  x = ap(L.gru({ units: 4, returnSequences: true }), x);
  const plain = tf.input({ shape: [5, 2] });
  let y = ap(L.masking({ maskValue: 0 }), plain);
  y = ap(L.lstm({ units: 4, returnSequences: true, activation: "selu" }), y);
  const z = ap(L.lstm({ units: 3 }), ap(L.concatenate(), [x, y]));
  return tf.model({ inputs: [input, plain], outputs: z });
}

describe("every supported opset is emitted correctly", () => {
  for (let opset = MIN_OPSET; opset <= MAX_OPSET; opset++) {
    it(`opset ${opset}`, async () => {
      const image = await harness.expectParity(imageZoo(), { opset });
      assert.equal(image.opset, opset);
      assert.equal(image.opCounts.LayerNormalization, opset >= 17 ? 1 : undefined);
      assert.equal(image.opCounts.Gelu, opset >= 20 ? 1 : undefined);
      assert.equal(image.opCounts.Mish, opset >= 18 ? 1 : undefined);
      await harness.expectParity(sequenceZoo(), { opset, verify: { batchSize: 4, latencyRuns: 0 } });
    });
  }
});
