import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { ParityHarness } from "./helpers/parity";
import { single } from "./helpers/models";
import { tf, useCpuBackend } from "./helpers/tf-setup";

const harness = new ParityHarness();
before(async () => {
  await useCpuBackend();
});
after(() => harness.checkAllAndCleanUp());

type RnnFactory = (args: Parameters<typeof tf.layers.lstm>[0]) => tf.RNN;
const KINDS: [string, RnnFactory][] = [
  ["SimpleRNN", (a) => tf.layers.simpleRNN(a)],
  ["LSTM", (a) => tf.layers.lstm(a)],
  ["GRU", (a) => tf.layers.gru(a)],
];

function withStates(layer: tf.layers.Layer, steps: number, features: number): tf.LayersModel {
  const input = tf.input({ shape: [steps, features] });
  const outputs = layer.apply(input) as tf.SymbolicTensor[];
  return tf.model({ inputs: input, outputs });
}

describe("recurrent layers match tfjs", () => {
  for (const [kind, make] of KINDS) {
    for (const returnSequences of [false, true]) {
      for (const goBackwards of [false, true]) {
        it(`${kind} returnSequences=${returnSequences} goBackwards=${goBackwards}`, async () => {
          const result = await harness.expectParity(
            single(tf, [6, 3], make({ units: 4, returnSequences, goBackwards })),
          );
          assert.equal(result.opCounts[kind === "SimpleRNN" ? "RNN" : kind], 1, "uses the ONNX recurrent op");
        });
      }
    }

    it(`${kind} returnState, on an input of unknown length`, async () => {
      const model = withStates(make({ units: 3, returnSequences: true, returnState: true }), 5, 2);
      await harness.expectParity(model);
      const dynamic = tf.input({ shape: [null, 2] });
      const outs = make({ units: 3, returnState: true }).apply(dynamic) as tf.SymbolicTensor[];
      await harness.expectParity(tf.model({ inputs: dynamic, outputs: outs }), {
        verify: { freeDimSize: 7, latencyRuns: 0 },
      });
    });

    it(`${kind} with initial states from other inputs`, async () => {
      const x = tf.input({ shape: [4, 3] });
      const stateInputs = Array.from({ length: kind === "LSTM" ? 2 : 1 }, () => tf.input({ shape: [5] }));
      const y = make({ units: 5, returnSequences: true }).apply(x, {
        initialState: stateInputs,
      }) as tf.SymbolicTensor;
      await harness.expectParity(tf.model({ inputs: [x, ...stateInputs], outputs: y }));
    });

    it(`${kind} with activations ONNX's op lacks (exported as a Scan over the cell step)`, async () => {
      const layer = make({
        units: 4,
        activation: "selu",
        recurrentActivation: "swish",
        returnSequences: true,
        goBackwards: true,
      });
      const result = await harness.expectParity(single(tf, [5, 3], layer));
      assert.equal(result.opCounts[kind === "SimpleRNN" ? "RNN" : kind], undefined);
      assert.equal(result.opCounts.Scan, 1);
    });

    it(`${kind} without bias, relu and sigmoid activations`, async () => {
      await harness.expectParity(
        single(
          tf,
          [5, 3],
          make({ units: 4, useBias: false, activation: "relu", recurrentActivation: "sigmoid" }),
        ),
      );
    });

    it(`${kind} honours an Embedding mask (maskZero)`, async () => {
      const layer = make({ units: 4, returnSequences: true });
      const model = single(
        tf,
        [7],
        tf.layers.embedding({ inputDim: 5, outputDim: 3, maskZero: true }),
        layer,
        make({ units: 2 }),
      );
      await harness.expectParity(model, { verify: { batchSize: 4, latencyRuns: 0 } });
    });

    it(`${kind} honours a mask on sequences of unknown length, returning sequences and states`, async () => {
      const input = tf.input({ shape: [null] });
      const embedded = tf.layers
        .embedding({ inputDim: 4, outputDim: 3, maskZero: true })
        .apply(input) as tf.SymbolicTensor;
      const outs = make({ units: 3, returnSequences: true, returnState: true, goBackwards: true }).apply(
        embedded,
      ) as tf.SymbolicTensor[];
      const result = await harness.expectParity(tf.model({ inputs: input, outputs: outs }), {
        verify: { batchSize: 3, freeDimSize: 9, latencyRuns: 0 },
      });
      assert.ok(
        result.nodeCount < 40,
        `the graph does not grow with the sequence: ${JSON.stringify(result.opCounts)}`,
      );
    });

    it(`${kind} honours a Masking layer`, async () => {
      const model = single(
        tf,
        [6, 2],
        tf.layers.masking({ maskValue: 0 }),
        make({ units: 3, goBackwards: true }),
      );
      const x = tf.tensor3d([
        [
          [1, 2],
          [0, 0],
          [3, 1],
          [0, 0],
          [0, 0],
          [2, 2],
        ],
        [
          [0, 0],
          [0, 0],
          [1, 1],
          [1, -1],
          [2, 0],
          [0, 0],
        ],
      ]);
      await harness.expectParity(model, { verify: { samples: [x], latencyRuns: 0 } });
      x.dispose();
    });
  }

  it("RNN layer over an LSTMCell", async () => {
    const layer = tf.layers.rnn({ cell: tf.layers.lstmCell({ units: 3 }), returnSequences: true });
    await harness.expectParity(single(tf, [4, 2], layer));
  });

  it("stateful layers are refused with the reason", async () => {
    const input = tf.input({ batchShape: [2, 4, 3] });
    const model = tf.model({
      inputs: input,
      outputs: tf.layers.lstm({ units: 2, stateful: true }).apply(input) as tf.SymbolicTensor,
    });
    await assert.rejects(harness.export(model), /stateful/);
  });
});
