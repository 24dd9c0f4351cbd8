import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { kerasIdentityLayer } from "./fixtures/keras-layers";
import { ParityHarness } from "./helpers/parity";
import { single } from "./helpers/models";
import { tf, useCpuBackend } from "./helpers/tf-setup";

const harness = new ParityHarness();
before(async () => {
  await useCpuBackend();
});
after(() => harness.checkAllAndCleanUp());

describe("core layers match tfjs", () => {
  it("Dense with bias and without, on rank 2 and rank 3 inputs", async () => {
    await harness.expectParity(
      single(
        tf,
        [6],
        tf.layers.dense({ units: 4, activation: "relu" }),
        tf.layers.dense({ units: 3, useBias: false }),
      ),
    );
    await harness.expectParity(single(tf, [5, 6], tf.layers.dense({ units: 4, activation: "tanh" })));
  });

  it("Flatten, Reshape (with -1), Permute, RepeatVector", async () => {
    await harness.expectParity(single(tf, [3, 4, 2], tf.layers.flatten()));
    await harness.expectParity(single(tf, [3, 4, 2], tf.layers.reshape({ targetShape: [4, -1] })));
    await harness.expectParity(single(tf, [3, 4, 2], tf.layers.permute({ dims: [3, 1, 2] })));
    await harness.expectParity(single(tf, [5], tf.layers.repeatVector({ n: 3 })));
  });

  it("Flatten with channelsFirst data format", async () => {
    await harness.expectParity(single(tf, [2, 3, 4], tf.layers.flatten({ dataFormat: "channelsFirst" })));
  });

  it("train-only layers are identities at inference", async () => {
    const model = single(
      tf,
      [4, 6],
      tf.layers.dropout({ rate: 0.5 }),
      tf.layers.spatialDropout1d({ rate: 0.3 }),
      tf.layers.gaussianNoise({ stddev: 1 }),
      tf.layers.gaussianDropout({ rate: 0.4 }),
      tf.layers.alphaDropout({ rate: 0.2 }),
      tf.layers.dense({ units: 2 }),
    );
    const result = await harness.expectParity(model);
    // Only the Dense remains.
    assert.deepEqual(result.opCounts, { MatMul: 1, Add: 1 });
  });

  it("Keras's train-only layers that tfjs lacks are identities too", async () => {
    const model = single(
      tf,
      [4, 4, 2],
      kerasIdentityLayer("SpatialDropout2D"),
      kerasIdentityLayer("ActivityRegularization"),
      tf.layers.reshape({ targetShape: [2, 4, 4, 1] }),
      kerasIdentityLayer("SpatialDropout3D"),
      tf.layers.flatten(),
    );
    assert.deepEqual((await harness.expectParity(model)).opCounts, { Reshape: 1, Flatten: 1 });
  });
});
