import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ParityHarness } from "./helpers/parity";
import { single } from "./helpers/models";
import { tf, useCpuBackend } from "./helpers/tf-setup";
import { KerasReLU } from "./fixtures/keras-layers";

const harness = new ParityHarness();
before(async () => {
  await useCpuBackend();
});
after(() => harness.checkAllAndCleanUp());

type Activation = NonNullable<Parameters<typeof tf.layers.activation>[0]["activation"]>;

// logSoftmax is registered by tfjs but missing from its ActivationIdentifier type.
const ACTIVATIONS = [
  "relu",
  "relu6",
  "elu",
  "selu",
  "sigmoid",
  "hardSigmoid",
  "tanh",
  "softmax",
  "softplus",
  "softsign",
  "swish",
  "mish",
  "gelu",
  "gelu_new",
  "linear",
  "logSoftmax" as Activation,
] as Activation[];

describe("every tfjs activation matches, in Activation layers and fused in Dense", () => {
  for (const activation of ACTIVATIONS) {
    for (const opset of [13, 17, 20]) {
      it(`${activation} at opset ${opset}`, async () => {
        // Scaled inputs reach the saturating and negative parts of each function.
        const model = single(
          tf,
          [3, 5],
          tf.layers.dense({ units: 6, activation, kernelInitializer: "randomNormal" }),
          tf.layers.activation({ activation }),
        );
        await harness.expectParity(model, { opset });
      });
    }
  }

  it("gelu and mish use the dedicated ONNX ops when the opset has them", async () => {
    const gelu = await harness.expectParity(single(tf, [4], tf.layers.activation({ activation: "gelu" })), {
      opset: 20,
    });
    assert.equal(gelu.opCounts.Gelu, 1);
    const geluOld = await harness.expectParity(
      single(tf, [4], tf.layers.activation({ activation: "gelu" })),
      { opset: 19 },
    );
    assert.equal(geluOld.opCounts.Gelu, undefined);
    assert.equal(geluOld.opCounts.Erf, 1);
    const mish = await harness.expectParity(single(tf, [4], tf.layers.activation({ activation: "mish" })), {
      opset: 18,
    });
    assert.equal(mish.opCounts.Mish, 1);
  });
});

describe("activation layers match tfjs", () => {
  it("ReLU with maxValue, LeakyReLU, ELU, ThresholdedReLU", async () => {
    await harness.expectParity(single(tf, [10], tf.layers.reLU({ maxValue: 0.5 })));
    await harness.expectParity(single(tf, [10], tf.layers.reLU()));
    await harness.expectParity(single(tf, [10], tf.layers.leakyReLU({ alpha: 0.2 })));
    await harness.expectParity(single(tf, [10], tf.layers.elu()));
    await harness.expectParity(single(tf, [10], tf.layers.thresholdedReLU({ theta: 0.4 })));
  });

  it("PReLU with and without shared axes", async () => {
    const init = tf.initializers.randomUniform({ minval: -1, maxval: 1, seed: 3 });
    await harness.expectParity(single(tf, [4, 5, 3], tf.layers.prelu({ alphaInitializer: init })));
    await harness.expectParity(
      single(tf, [4, 5, 3], tf.layers.prelu({ alphaInitializer: init, sharedAxes: [1, 2] })),
    );
  });

  it("Softmax over axis 1 (tfjs's default), the last axis and several axes", async () => {
    await harness.expectParity(single(tf, [4], tf.layers.softmax()));
    await harness.expectParity(single(tf, [3, 4], tf.layers.softmax({ axis: -1 })));
    await harness.expectParity(
      single(tf, [3, 4, 2], tf.layers.softmax({ axis: [1, 2] as unknown as number })),
    );
  });

  for (const options of [
    { threshold: 0.5 },
    { negativeSlope: 0.1 },
    { negativeSlope: 0.1, maxValue: 1.5 },
    { negativeSlope: 0.2, threshold: -0.3, maxValue: 2 },
    { threshold: -0.5, maxValue: 1 },
  ]) {
    it(`Keras ReLU ${JSON.stringify(options)}`, async () => {
      await harness.expectParity(single(tf, [20], new KerasReLU(options)));
    });
  }
});
