// Every verdict on a planted network of its own, on several seeds (a verdict must not hang on one
// initialisation); the healthy MLP and CNN get none. Wasm backend, as users run it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { gradientMonitor, type GradientMonitor } from "../../src/training/gradient-monitor";
import type { VerdictKind } from "../../src/training/verdicts";
import { blobs, cnn, heInit, mlp, normalInit, squares } from "./planted/nets";

const SEEDS = [1, 2, 3];
let tensorsAtStart = 0;

before(async () => {
  await initBackend("wasm");
  tensorsAtStart = tf.memory().numTensors;
});

after(() => {
  assert.equal(tf.memory().numTensors, tensorsAtStart, "the planted fits leak no tensor");
});

interface Planted {
  model: tf.LayersModel;
  optimizer: tf.Optimizer;
  loss?: string;
  data: { xs: tf.Tensor; ys: tf.Tensor };
  epochs: number;
  batchSize?: number;
}

/** Trains the planted net with a monitor (no sample: the first batch is the sample) and returns it. */
async function monitored(p: Planted): Promise<GradientMonitor> {
  p.model.compile({ optimizer: p.optimizer, loss: p.loss ?? "categoricalCrossentropy" });
  const monitor = gradientMonitor(p.model, { every: 2 });
  try {
    await p.model.fit(p.data.xs, p.data.ys, {
      epochs: p.epochs,
      batchSize: p.batchSize ?? 32,
      callbacks: [monitor],
      verbose: 0,
      // fit shuffles with Math.random: the batches, and so the step a verdict is first seen, would vary.
      shuffle: false,
    });
  } finally {
    tf.dispose([p.data.xs, p.data.ys]);
    p.model.dispose();
    p.optimizer.dispose();
  }
  return monitor;
}

const kinds = (m: GradientMonitor): Set<VerdictKind> => new Set(m.verdicts.map((v) => v.kind));
const describe = (m: GradientMonitor): string =>
  m.verdicts.map((v) => `${v.kind}@${v.layer}: ${v.evidence}`).join("\n") || "(no verdict)";

for (const seed of SEEDS) {
  test(`seed ${seed}: a healthy ReLU MLP gets no verdict, and the title says so`, async () => {
    const m = await monitored({
      model: mlp(3, "relu", heInit(seed)),
      optimizer: tf.train.adam(0.01),
      data: blobs(seed),
      epochs: 8,
    });
    assert.deepEqual(m.verdicts, [], describe(m));
    assert.match(m.toString(), /no problem found/);
    const last = m.history.records.at(-1)!;
    assert.deepEqual(
      Object.keys(last.activations).sort(),
      ["h1", "h2", "h3", "out"],
      "activations by default",
    );
    assert.ok(last.weights?.h1 && last.updates?.h1, "weights and updates recorded");
    assert.ok(
      last.updates!.h1!.ratio > 1e-5 && last.updates!.h1!.ratio < 0.1,
      `ratio ${last.updates!.h1!.ratio}`,
    );
  });

  test(`seed ${seed}: a healthy CNN gets no verdict`, async () => {
    const m = await monitored({
      model: cnn(seed),
      optimizer: tf.train.adam(0.01),
      data: squares(seed),
      epochs: 4,
    });
    assert.deepEqual(m.verdicts, [], describe(m));
  });

  test(`seed ${seed}: a deep ReLU MLP with far too large weights is not healthy (the issue's case)`, async () => {
    const m = await monitored({
      model: mlp(8, "relu", normalInit(2, seed)),
      optimizer: tf.train.sgd(0.01),
      data: blobs(seed),
      epochs: 3,
    });
    const k = kinds(m);
    for (const kind of ["exploding_activations", "saturated_output", "stuck"] as const)
      assert.ok(k.has(kind), `${kind} missing:\n${describe(m)}`);
    assert.doesNotMatch(m.toString(), /no problem found/);
    const act = m.verdicts.find((v) => v.kind === "exploding_activations")!;
    assert.equal(act.step, 1, "named from the first step");
    assert.match(act.evidence, /per layer/);
    assert.equal(m.verdicts.find((v) => v.kind === "saturated_output")!.layer, "out");
  });

  test(`seed ${seed}: gradients far above the weights at step 1 are exploding (deep ReLU, MSE)`, async () => {
    const m = await monitored({
      model: mlp(6, "relu", normalInit(0.6, seed), "linear"),
      optimizer: tf.train.sgd(1e-4),
      loss: "meanSquaredError",
      data: blobs(seed),
      epochs: 2,
    });
    const exploding = m.verdicts.find((v) => v.kind === "exploding");
    assert.ok(exploding, describe(m));
    assert.equal(exploding.step, 1);
    assert.ok(exploding.cures.some((c) => /withGradientClipping/.test(c)));
  });

  test(`seed ${seed}: a deep sigmoid MLP with tiny weights has vanishing gradients at its first layers`, async () => {
    const m = await monitored({
      model: mlp(8, "sigmoid", normalInit(0.01, seed)),
      optimizer: tf.train.sgd(0.1),
      data: blobs(seed),
      epochs: 3,
    });
    const vanishing = m.verdicts.filter((v) => v.kind === "vanishing").map((v) => v.layer);
    assert.ok(vanishing.includes("h1") && vanishing.includes("h2"), describe(m));
    assert.ok(!vanishing.includes("out"));
    assert.ok(
      !m.verdicts.some((v) => v.kind === "update_ratio" && /too low/.test(v.evidence)),
      "tiny updates below vanishing gradients are not blamed on the learning rate",
    );
  });

  test(`seed ${seed}: ReLUs killed by very negative biases are "dead", without a sample`, async () => {
    const m = await monitored({
      model: mlp(2, "relu", heInit(seed), "softmax", -50),
      optimizer: tf.train.sgd(0.01),
      data: blobs(seed),
      epochs: 2,
    });
    const dead = m.verdicts.filter((v) => v.kind === "dead").map((v) => v.layer);
    assert.ok(dead.includes("h1"), describe(m));
    assert.ok(!kinds(m).has("vanishing"), `dead, not vanishing:\n${describe(m)}`);
  });

  test(`seed ${seed}: tanh layers with large weights are saturated`, async () => {
    const m = await monitored({
      model: mlp(4, "tanh", normalInit(3, seed)),
      optimizer: tf.train.sgd(0.01),
      data: blobs(seed),
      epochs: 2,
    });
    const saturated = m.verdicts.filter((v) => v.kind === "saturated").map((v) => v.layer);
    assert.ok(saturated.length >= 2 && !saturated.includes("out"), describe(m));
  });

  test(`seed ${seed}: NaN in the inputs is non_finite`, async () => {
    const data = blobs(seed);
    const poisoned = tf.tidy(() =>
      data.xs.where(tf.randomUniform(data.xs.shape, 0, 1, "float32", seed).less(0.99), NaN),
    );
    data.xs.dispose();
    const m = await monitored({
      model: mlp(2, "relu", heInit(seed)),
      optimizer: tf.train.sgd(0.01),
      data: { xs: poisoned, ys: data.ys },
      epochs: 1,
    });
    assert.ok(kinds(m).has("non_finite"), describe(m));
  });

  test(`seed ${seed}: a learning rate of 0 leaves the model stuck`, async () => {
    const m = await monitored({
      model: mlp(2, "relu", heInit(seed)),
      optimizer: tf.train.sgd(0),
      data: blobs(seed),
      epochs: 2,
    });
    assert.deepEqual([...kinds(m)], ["stuck"], describe(m));
    assert.doesNotMatch(m.toString(), /no problem found/);
  });

  test(`seed ${seed}: update/weight ratios name a learning rate far too low and far too high`, async () => {
    const low = await monitored({
      model: mlp(2, "relu", heInit(seed)),
      optimizer: tf.train.sgd(1e-5),
      data: blobs(seed),
      epochs: 3,
    });
    const tooLow = low.verdicts.find((v) => v.kind === "update_ratio");
    assert.match(tooLow?.evidence ?? "", /too low/, describe(low));
    const high = await monitored({
      model: mlp(1, "relu", heInit(seed)),
      optimizer: tf.train.sgd(3),
      data: blobs(seed),
      epochs: 3,
    });
    const tooHigh = high.verdicts.find((v) => v.kind === "update_ratio");
    assert.match(tooHigh?.evidence ?? "", /too high/, describe(high));
  });
}
