import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ParityHarness } from "./helpers/parity";
import { tf, useCpuBackend } from "./helpers/tf-setup";
import { KerasSubtract } from "./fixtures/keras-layers";

const harness = new ParityHarness();
before(async () => {
  await useCpuBackend();
});
after(() => harness.checkAllAndCleanUp());

function merged(shapes: number[][], layer: tf.layers.Layer): tf.LayersModel {
  const inputs = shapes.map((shape) => tf.input({ shape }));
  return tf.model({ inputs, outputs: layer.apply(inputs) as tf.SymbolicTensor });
}

describe("merge layers match tfjs", () => {
  it("Add, Multiply, Average, Maximum, Minimum on three inputs", async () => {
    for (const layer of [
      tf.layers.add(),
      tf.layers.multiply(),
      tf.layers.average(),
      tf.layers.maximum(),
      tf.layers.minimum(),
    ]) {
      await harness.expectParity(
        merged(
          [
            [4, 3],
            [4, 3],
            [4, 3],
          ],
          layer,
        ),
      );
    }
  });

  it("Add with broadcasting of a lower-rank input", async () => {
    await harness.expectParity(merged([[4, 3], [3]], tf.layers.add()));
  });

  it("Subtract (Keras)", async () => {
    await harness.expectParity(merged([[5], [5]], new KerasSubtract({})));
  });

  it("Concatenate over the last, middle and first non-batch axis", async () => {
    await harness.expectParity(
      merged(
        [
          [4, 3],
          [4, 2],
        ],
        tf.layers.concatenate(),
      ),
    );
    await harness.expectParity(
      merged(
        [
          [4, 3],
          [2, 3],
        ],
        tf.layers.concatenate({ axis: 1 }),
      ),
    );
    await harness.expectParity(
      merged(
        [
          [2, 4, 3],
          [2, 4, 1],
        ],
        tf.layers.concatenate({ axis: -1 }),
      ),
    );
  });

  it("masks merged by Add are harmless until a layer reads them", async () => {
    const tokens = tf.input({ shape: [6] });
    const a = tf.layers
      .embedding({ inputDim: 5, outputDim: 4, maskZero: true })
      .apply(tokens) as tf.SymbolicTensor;
    const b = tf.layers.embedding({ inputDim: 5, outputDim: 4 }).apply(tokens) as tf.SymbolicTensor;
    const summed = tf.layers.add({ name: "sum_embeddings" }).apply([a, b]) as tf.SymbolicTensor;
    const pooled = tf.layers
      .globalAveragePooling1d()
      .apply(tf.layers.dense({ units: 3 }).apply(summed) as tf.SymbolicTensor) as tf.SymbolicTensor;
    await harness.expectParity(tf.model({ inputs: tokens, outputs: pooled }), {
      verify: { batchSize: 4, latencyRuns: 0 },
    });
    const recurrent = tf.layers.lstm({ units: 2, name: "reads_mask" }).apply(summed) as tf.SymbolicTensor;
    await assert.rejects(
      harness.export(tf.model({ inputs: tokens, outputs: recurrent })),
      /Layer "reads_mask" \(class LSTM\): the Keras mask merged by layer "sum_embeddings" \(class Add\) cannot be reproduced/,
    );
  });

  it("Dot on rank 2, rank 3 and mixed inputs, with normalisation", async () => {
    await harness.expectParity(merged([[5], [5]], tf.layers.dot({ axes: 1 })));
    await harness.expectParity(merged([[5], [5]], tf.layers.dot({ axes: -1, normalize: true })));
    await harness.expectParity(
      merged(
        [
          [3, 4],
          [4, 5],
        ],
        tf.layers.dot({ axes: [2, 1] }),
      ),
    );
    await harness.expectParity(
      merged(
        [
          [3, 4],
          [5, 4],
        ],
        tf.layers.dot({ axes: [2, 2] }),
      ),
    );
    await harness.expectParity(
      merged(
        [
          [4, 3],
          [4, 5],
        ],
        tf.layers.dot({ axes: [1, 1], normalize: true }),
      ),
    );
    await harness.expectParity(merged([[4], [4, 5]], tf.layers.dot({ axes: [1, 1] })));
  });
});
