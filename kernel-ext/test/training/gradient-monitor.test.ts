import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { DISPLAY_SYMBOL } from "../../src/display/mime";
import { gradientMonitor } from "../../src/training/gradient-monitor";

before(async () => {
  await tf.setBackend("cpu");
});

function mlp(depth: number, activation: "sigmoid" | "relu", stddev: number, seed = 1): tf.Sequential {
  const init = (): ReturnType<typeof tf.initializers.randomNormal> =>
    tf.initializers.randomNormal({ mean: 0, stddev, seed: seed++ });
  const model = tf.sequential();
  for (let i = 0; i < depth; i++) {
    model.add(
      tf.layers.dense({
        units: 16,
        activation,
        inputShape: i === 0 ? [10] : undefined,
        kernelInitializer: init(),
        name: `hidden${i + 1}`,
      }),
    );
  }
  model.add(tf.layers.dense({ units: 1, kernelInitializer: init(), name: "out" }));
  return model;
}

function data(n = 64): { xs: tf.Tensor; ys: tf.Tensor } {
  const xs = tf.randomNormal([n, 10], 0, 1, "float32", 3);
  const ys = xs.sum(1, true).div(4).sin();
  return { xs, ys };
}

test("a deep sigmoid MLP with tiny initial weights gets vanishing verdicts on its early layers", async () => {
  const model = mlp(8, "sigmoid", 0.01);
  model.compile({ optimizer: tf.train.sgd(0.1), loss: "meanSquaredError" });
  const { xs, ys } = data();
  const monitor = gradientMonitor(model, { every: 1 });
  await model.fit(xs, ys, { epochs: 3, batchSize: 16, callbacks: [monitor], verbose: 0 });
  const vanishing = monitor.verdicts.filter((v) => v.kind === "vanishing").map((v) => v.layer);
  assert.ok(
    vanishing.includes("hidden1") && vanishing.includes("hidden2"),
    `vanishing at ${vanishing.join(", ")}`,
  );
  assert.ok(!vanishing.includes("out"));
  const v = monitor.verdicts.find((x) => x.layer === "hidden1" && x.kind === "vanishing")!;
  assert.match(v.evidence, /orders of magnitude/);
  assert.ok(v.cures.some((c) => /initiali[sz]/.test(c)));
  tf.dispose([xs, ys]);
  model.dispose();
});

test("huge initial weights and a high learning rate give exploding or non-finite verdicts", async () => {
  const model = mlp(6, "relu", 2.5);
  model.compile({ optimizer: tf.train.sgd(0.5), loss: "meanSquaredError" });
  const { xs, ys } = data();
  const monitor = gradientMonitor(model, { every: 1 });
  await model.fit(xs, ys, { epochs: 3, batchSize: 16, callbacks: [monitor], verbose: 0 });
  const kinds = new Set(monitor.verdicts.map((v) => v.kind));
  assert.ok(kinds.has("exploding") || kinds.has("non_finite"), `verdicts: ${[...kinds].join(", ")}`);
  tf.dispose([xs, ys]);
  model.dispose();
});

test("a healthy small CNN gets no verdict, and its stats are complete", async () => {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        filters: 8,
        kernelSize: 3,
        activation: "relu",
        inputShape: [10, 10, 1],
        kernelInitializer: "heNormal",
        name: "conv",
      }),
      tf.layers.maxPooling2d({ poolSize: 2, name: "pool" }),
      tf.layers.flatten({ name: "flat" }),
      tf.layers.dense({ units: 4, activation: "softmax", name: "classes" }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy" });
  const xs = tf.randomUniform([48, 10, 10, 1], 0, 1, "float32", 5);
  const ys = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: 48 }, (_, i) => i % 4),
      "int32",
    ),
    4,
  );
  const monitor = gradientMonitor(model, { every: 2, sample: xs.slice(0, 16) });
  await model.fit(xs, ys, { epochs: 4, batchSize: 12, callbacks: [monitor], verbose: 0 });
  assert.deepEqual(monitor.verdicts, []);
  const last = monitor.history.records.at(-1)!;
  const conv = last.gradients.conv!;
  for (const key of ["mean", "std", "min", "max", "norm", "zeroFraction", "nonFinite"] as const)
    assert.ok(Number.isFinite(conv[key]), key);
  assert.equal(conv.histogram.counts.reduce((a, b) => a + b, 0) + conv.histogram.zeros, conv.count);
  assert.deepEqual(Object.keys(last.activations).sort(), ["classes", "conv", "flat", "pool"]);
  assert.equal(monitor.history.losses.length, 16, "a loss per step");
  const bundle = monitor[DISPLAY_SYMBOL]();
  assert.match(String(bundle["text/html"]), /No vanishing, exploding, dead or saturated layer found/);
  tf.dispose([xs, ys]);
  model.dispose();
});

test("dead ReLUs are found from activations on the sample", async () => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        units: 32,
        activation: "relu",
        inputShape: [10],
        biasInitializer: tf.initializers.constant({ value: -50 }),
        name: "dead",
      }),
      tf.layers.dense({ units: 1, name: "out" }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(0.01), loss: "meanSquaredError" });
  const { xs, ys } = data();
  const monitor = gradientMonitor(model, { every: 1, sample: xs.slice(0, 32) });
  await model.fit(xs, ys, { epochs: 1, batchSize: 32, callbacks: [monitor], verbose: 0 });
  const dead = monitor.verdicts.find((v) => v.kind === "dead");
  assert.equal(dead?.layer, "dead");
  assert.match(dead!.evidence, /100% of units/);
  tf.dispose([xs, ys]);
  model.dispose();
});

test("no tensor leaks across a monitored fit, and memory stays bounded", async () => {
  const model = mlp(3, "relu", 0.3);
  model.compile({ optimizer: tf.train.sgd(0.01), loss: "meanSquaredError" });
  const { xs, ys } = data(32);
  const sample = xs.slice(0, 8);
  await model.fit(xs, ys, { epochs: 1, batchSize: 8, verbose: 0 });
  const before = tf.memory().numTensors;
  const monitor = gradientMonitor(model, { every: 1, sample, maxRecords: 10 });
  await model.fit(xs, ys, { epochs: 10, batchSize: 8, callbacks: [monitor], verbose: 0 });
  assert.equal(tf.memory().numTensors, before);
  assert.ok(monitor.history.records.length <= 10, `${monitor.history.records.length} records kept`);
  assert.equal(monitor.history.records[0]!.step, 1, "the start of training is kept when thinning");
  assert.equal(monitor.history.records.at(-1)!.step, 40);
  tf.dispose([xs, ys, sample]);
  model.dispose();
});
