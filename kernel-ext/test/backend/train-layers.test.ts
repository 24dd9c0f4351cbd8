// A small model of every layer family trains on wasm: its loss falls over a few steps on a fixed
// batch, and once the optimizer's slots exist, further steps leave the tensor count unchanged.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { initBackend, tf } from "../../src/backend";
import { seeded } from "./helpers";

const L = tf.layers;
const BATCH = 16;
const STEPS = 24;

interface Family {
  name: string;
  input: number[];
  layers: () => tf.layers.Layer[];
  integerInput?: number;
}

const families: Family[] = [
  {
    name: "Dense with every activation",
    input: [12],
    layers: () => [
      L.dense({ units: 16, activation: "elu", inputShape: [12] }),
      L.dense({ units: 16, activation: "selu" }),
      L.dense({ units: 16, activation: "softplus" }),
      L.dense({ units: 16, activation: "tanh" }),
      L.dense({ units: 16, activation: "swish" }),
      L.dense({ units: 16, activation: "relu6" }),
      L.dense({ units: 16, activation: "sigmoid" }),
      L.leakyReLU(),
      L.prelu(),
      L.dropout({ rate: 0.1 }),
      L.dense({ units: 3 }),
    ],
  },
  {
    name: "Conv1D (strides 2 same, dilation 2)",
    input: [20, 3],
    layers: () => [
      L.conv1d({
        filters: 6,
        kernelSize: 3,
        strides: 2,
        padding: "same",
        activation: "relu",
        inputShape: [20, 3],
      }),
      L.conv1d({ filters: 6, kernelSize: 3, dilationRate: 2, padding: "same" }),
      L.flatten(),
      L.dense({ units: 3 }),
    ],
  },
  {
    name: "Conv2D (strides 2 valid, same)",
    input: [11, 11, 2],
    layers: () => [
      L.conv2d({
        filters: 6,
        kernelSize: 3,
        strides: 2,
        padding: "valid",
        activation: "relu",
        inputShape: [11, 11, 2],
      }),
      L.conv2d({ filters: 4, kernelSize: 3, padding: "same" }),
      L.flatten(),
      L.dense({ units: 3 }),
    ],
  },
  {
    name: "Conv2D dilated (linear and relu)",
    input: [10, 10, 2],
    layers: () => [
      L.conv2d({ filters: 4, kernelSize: 3, dilationRate: 2, padding: "same", inputShape: [10, 10, 2] }),
      L.conv2d({ filters: 4, kernelSize: 3, dilationRate: 2, padding: "valid", activation: "relu" }),
      L.flatten(),
      L.dense({ units: 3 }),
    ],
  },
  {
    name: "Conv2DTranspose",
    input: [5, 5, 3],
    layers: () => [
      L.conv2dTranspose({
        filters: 4,
        kernelSize: 3,
        strides: 2,
        padding: "same",
        activation: "relu",
        inputShape: [5, 5, 3],
      }),
      L.conv2dTranspose({ filters: 2, kernelSize: 2, strides: 1, padding: "valid" }),
      L.flatten(),
      L.dense({ units: 3 }),
    ],
  },
  {
    name: "DepthwiseConv2D (multiplier 2, strides 2)",
    input: [9, 9, 3],
    layers: () => [
      L.depthwiseConv2d({
        kernelSize: 3,
        depthMultiplier: 2,
        strides: 2,
        padding: "same",
        inputShape: [9, 9, 3],
      }),
      L.flatten(),
      L.dense({ units: 3 }),
    ],
  },
  {
    name: "SeparableConv2D",
    input: [9, 9, 3],
    layers: () => [
      L.separableConv2d({
        filters: 5,
        kernelSize: 3,
        depthMultiplier: 2,
        padding: "valid",
        activation: "relu",
        inputShape: [9, 9, 3],
      }),
      L.flatten(),
      L.dense({ units: 3 }),
    ],
  },
  {
    name: "Embedding",
    input: [6],
    integerInput: 30,
    layers: () => [
      L.embedding({ inputDim: 30, outputDim: 8, inputLength: 6 }),
      L.flatten(),
      L.dense({ units: 3 }),
    ],
  },
  {
    name: "SimpleRNN",
    input: [7, 4],
    layers: () => [L.simpleRNN({ units: 8, inputShape: [7, 4] }), L.dense({ units: 3 })],
  },
  {
    name: "LSTM",
    input: [7, 4],
    layers: () => [
      L.lstm({ units: 8, returnSequences: true, inputShape: [7, 4] }),
      L.lstm({ units: 6 }),
      L.dense({ units: 3 }),
    ],
  },
  {
    name: "GRU",
    input: [7, 4],
    layers: () => [L.gru({ units: 8, inputShape: [7, 4] }), L.dense({ units: 3 })],
  },
  {
    name: "BatchNormalization and LayerNormalization",
    input: [8, 8, 2],
    layers: () => [
      L.conv2d({ filters: 4, kernelSize: 3, inputShape: [8, 8, 2] }),
      L.batchNormalization(),
      L.activation({ activation: "relu" }),
      L.flatten(),
      L.dense({ units: 8 }),
      L.layerNormalization(),
      L.dense({ units: 3 }),
    ],
  },
  {
    name: "Pooling 2-D (max, average, global)",
    input: [12, 12, 2],
    layers: () => [
      L.conv2d({ filters: 4, kernelSize: 3, padding: "same", inputShape: [12, 12, 2] }),
      L.maxPooling2d({ poolSize: 2 }),
      L.averagePooling2d({ poolSize: 3, strides: 1, padding: "same" }),
      L.conv2d({ filters: 4, kernelSize: 1 }),
      L.globalMaxPooling2d({}),
      L.dense({ units: 3 }),
    ],
  },
  {
    name: "Pooling 1-D and global average",
    input: [12, 3],
    layers: () => [
      L.conv1d({ filters: 4, kernelSize: 3, inputShape: [12, 3] }),
      L.maxPooling1d({ poolSize: 2 }),
      L.averagePooling1d({ poolSize: 2 }),
      L.globalAveragePooling1d({}),
      L.dense({ units: 3 }),
    ],
  },
  {
    name: "the benchmark CNN (conv16-pool-conv32-pool-dense64-dense10)",
    input: [28, 28, 1],
    layers: () => [
      L.conv2d({ filters: 16, kernelSize: 3, padding: "same", activation: "relu", inputShape: [28, 28, 1] }),
      L.maxPooling2d({ poolSize: 2 }),
      L.conv2d({ filters: 32, kernelSize: 3, padding: "same", activation: "relu" }),
      L.maxPooling2d({ poolSize: 2 }),
      L.flatten(),
      L.dense({ units: 64, activation: "relu" }),
      L.dense({ units: 3 }),
    ],
  },
];

/**
 * Replaces the random initial kernels by seeded ones (LeCun-uniform scale), so that every run trains
 * the same way; biases, BatchNormalization statistics and PReLU slopes keep their constant defaults.
 */
function seedWeights(model: tf.Sequential, seed: number): void {
  // getWeights() hands out the variables' own tensors: only the replacements are disposed.
  const replacements: tf.Tensor[] = [];
  const values = model.getWeights().map((w, i) => {
    if (w.rank < 2) return w;
    const fanIn = w.shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const seededValue = tf.tidy(() =>
      tf.mul(tf.tensor(seeded(w.shape, seed + i), w.shape), Math.sqrt(3 / fanIn)),
    );
    replacements.push(seededValue);
    return seededValue;
  });
  model.setWeights(values);
  tf.dispose(replacements);
}

function batch(f: Family, seed: number): { x: tf.Tensor; y: tf.Tensor } {
  const shape = [BATCH, ...f.input];
  const values = seeded(shape, seed);
  const x =
    f.integerInput === undefined
      ? tf.tensor(values, shape)
      : tf.tensor(
          Int32Array.from(values, (v) => Math.floor(((v + 1) / 2) * (f.integerInput ?? 1))),
          shape,
          "int32",
        );
  return { x, y: tf.tensor2d(seeded([BATCH, 3], seed + 1), [BATCH, 3]) };
}

describe("every layer family trains on wasm", () => {
  before(async () => {
    const info = await initBackend("wasm");
    assert.equal(info.name, "wasm");
  });

  for (const [i, family] of families.entries()) {
    test(family.name, async () => {
      const model = tf.sequential({ layers: family.layers() });
      seedWeights(model, 1000 * i);
      model.compile({ optimizer: tf.train.adam(0.01), loss: "meanSquaredError" });
      const { x, y } = batch(family, 100 * i);
      const first = (await model.trainOnBatch(x, y)) as number;
      // The first step created Adam's slot variables; from here on a step must not add tensors.
      const tensors = tf.memory().numTensors;
      let last = first;
      for (let step = 0; step < STEPS; step++) last = (await model.trainOnBatch(x, y)) as number;
      assert.equal(tf.memory().numTensors, tensors, "tensors leaked across training steps");
      assert.ok(Number.isFinite(last), `loss is ${last}`);
      assert.ok(last < 0.85 * first, `loss went from ${first} to ${last}`);
      tf.dispose([x, y]);
      model.dispose();
    });
  }
});
