import { after, before, describe, it } from "node:test";
import { ParityHarness } from "./helpers/parity";
import { single } from "./helpers/models";
import { tf, useCpuBackend } from "./helpers/tf-setup";
import { KerasGRUResetAfter } from "./fixtures/keras-layers";

const harness = new ParityHarness();
before(async () => {
  await useCpuBackend();
});
after(() => harness.checkAllAndCleanUp());

describe("wrappers and Keras GRU variants match", () => {
  for (const mergeMode of ["concat", "sum", "mul", "ave", null] as const) {
    it(`Bidirectional LSTM mergeMode=${mergeMode}, sequences and last output`, async () => {
      for (const returnSequences of [true, false]) {
        const layer = tf.layers.bidirectional({
          layer: tf.layers.lstm({ units: 3, returnSequences }) as tf.RNN,
          mergeMode: mergeMode ?? undefined,
        });
        const input = tf.input({ shape: [5, 2] });
        const out = layer.apply(input) as tf.SymbolicTensor | tf.SymbolicTensor[];
        await harness.expectParity(tf.model({ inputs: input, outputs: out }));
      }
    });
  }

  it("Bidirectional GRU returning states, and over a masked sequence", async () => {
    const input = tf.input({ shape: [6, 2] });
    const outs = tf.layers
      .bidirectional({ layer: tf.layers.gru({ units: 3, returnState: true }) as tf.RNN })
      .apply(input) as tf.SymbolicTensor[];
    await harness.expectParity(tf.model({ inputs: input, outputs: outs }));
    const masked = single(
      tf,
      [6],
      tf.layers.embedding({ inputDim: 4, outputDim: 3, maskZero: true }),
      tf.layers.bidirectional({ layer: tf.layers.simpleRNN({ units: 2, returnSequences: true }) as tf.RNN }),
    );
    await harness.expectParity(masked, { verify: { batchSize: 4, latencyRuns: 0 } });
  });

  it("Bidirectional over a go_backwards layer", async () => {
    const layer = tf.layers.bidirectional({
      layer: tf.layers.gru({ units: 2, returnSequences: true, goBackwards: true }) as tf.RNN,
    });
    await harness.expectParity(single(tf, [4, 3], layer));
  });

  it("TimeDistributed Dense, Conv2D and Flatten, with unknown time length", async () => {
    await harness.expectParity(
      single(
        tf,
        [5, 4],
        tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 3, activation: "relu" }) }),
      ),
    );
    const frames = single(
      tf,
      [null, 6, 6, 2],
      tf.layers.timeDistributed({ layer: tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: "same" }) }),
      tf.layers.timeDistributed({ layer: tf.layers.flatten() }),
    );
    await harness.expectParity(frames, { verify: { freeDimSize: 3, latencyRuns: 0 } });
  });

  for (const returnSequences of [false, true]) {
    for (const goBackwards of [false, true]) {
      it(`Keras GRU reset_after=True returnSequences=${returnSequences} goBackwards=${goBackwards}`, async () => {
        await harness.expectParity(
          single(tf, [5, 3], new KerasGRUResetAfter({ units: 4, returnSequences, goBackwards })),
        );
      });
    }
  }
});
