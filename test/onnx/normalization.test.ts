import { after, before, describe, it } from "node:test";
import { ParityHarness } from "./helpers/parity";
import { assertOnnxMatches } from "./helpers/reference";
import { single } from "./helpers/models";
import { tf, useCpuBackend } from "./helpers/tf-setup";

const harness = new ParityHarness();
before(async () => {
  await useCpuBackend();
});
after(() => harness.checkAllAndCleanUp());

/** Non-trivial statistics: a BatchNormalization straight out of init would be close to the identity. */
function randomiseWeights(model: tf.LayersModel, seed: number): tf.LayersModel {
  const weights = model.getWeights().map((w, i) => tf.randomUniform(w.shape, 0.5, 1.5, "float32", seed + i));
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

describe("normalisation layers match tfjs", () => {
  it("BatchNormalization on rank 2, 3 and 4 inputs", async () => {
    await harness.expectParity(randomiseWeights(single(tf, [6], tf.layers.batchNormalization()), 1));
    await harness.expectParity(randomiseWeights(single(tf, [5, 6], tf.layers.batchNormalization()), 2));
    await harness.expectParity(
      randomiseWeights(single(tf, [5, 4, 3], tf.layers.batchNormalization({ epsilon: 0.01 })), 3),
    );
  });

  it("BatchNormalization without center or scale", async () => {
    await harness.expectParity(
      randomiseWeights(single(tf, [3, 4, 5], tf.layers.batchNormalization({ center: false })), 5),
    );
    await harness.expectParity(
      randomiseWeights(single(tf, [3, 4], tf.layers.batchNormalization({ scale: false })), 6),
    );
  });

  // tfjs's cpu BatchNorm kernel indexes the statistics cyclically over the flat input, which is only right
  // for the last axis; for other axes the export is checked against the Keras formula written out in tf ops.
  for (const axis of [1, 2]) {
    it(`BatchNormalization on axis ${axis} follows the Keras formula`, async () => {
      const model = randomiseWeights(
        single(tf, [3, 4, 5], tf.layers.batchNormalization({ axis, epsilon: 0.01 })),
        10 + axis,
      );
      const exported = await harness.export(model, { verify: false });
      const x = tf.randomNormal([2, 3, 4, 5], 0, 1, "float32", 42);
      const shape = [1, 1, 1, 1];
      shape[axis] = [3, 4, 5][axis - 1] as number;
      const [gamma, beta, mean, variance] = model.getWeights().map((w) => w.reshape(shape));
      const expected = tf.tidy(() =>
        tf.add(
          tf.mul(
            tf.div(tf.sub(x, mean as tf.Tensor), tf.sqrt(tf.add(variance as tf.Tensor, 0.01))),
            gamma as tf.Tensor,
          ),
          beta as tf.Tensor,
        ),
      );
      await assertOnnxMatches(exported, [x], [expected]);
      tf.dispose([x, expected, gamma, beta, mean, variance] as tf.Tensor[]);
    });
  }

  for (const opset of [13, 17]) {
    it(`LayerNormalization at opset ${opset}: last axis, trailing axes, other axes, no center/scale`, async () => {
      await harness.expectParity(randomiseWeights(single(tf, [4, 6], tf.layers.layerNormalization()), 7), {
        opset,
      });
      await harness.expectParity(
        randomiseWeights(single(tf, [3, 4, 5], tf.layers.layerNormalization({ axis: [1, 2] })), 8),
        { opset },
      );
      await harness.expectParity(
        randomiseWeights(single(tf, [3, 4, 5], tf.layers.layerNormalization({ axis: [2, 1] })), 9),
        { opset },
      );
      await harness.expectParity(
        randomiseWeights(single(tf, [3, 4, 5], tf.layers.layerNormalization({ axis: 1, epsilon: 1e-5 })), 10),
        { opset },
      );
      await harness.expectParity(
        single(tf, [6], tf.layers.layerNormalization({ center: false, scale: false })),
        { opset },
      );
    });
  }
});
