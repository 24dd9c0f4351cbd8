import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { DISPLAY_SYMBOL } from "../../src/display/mime";
import { findLearningRate } from "../../src/training/lr-finder";
import { exponentialRamp, suggestLearningRates } from "../../src/training/lr-finder/range-test";
import { blobs, heInit, mlp } from "./planted/nets";

before(async () => {
  await initBackend("wasm");
});

const values = (tensors: tf.Tensor[]): number[][] => tensors.map((t) => Array.from(t.dataSync()));

async function optimizerValues(optimizer: tf.Optimizer): Promise<number[][]> {
  const weights = await optimizer.getWeights();
  const out = values(weights.map((w) => w.tensor));
  tf.dispose(weights.filter((w) => !(w.tensor instanceof tf.Variable)).map((w) => w.tensor));
  return out;
}

/** Two identical models trained the same two steps: one runs the finder, the other is the reference. */
async function twins(
  optimizer: () => tf.Optimizer,
  seed: number,
): Promise<{ a: tf.Sequential; b: tf.Sequential; xs: tf.Tensor; ys: tf.Tensor }> {
  const { xs, ys } = blobs(seed, 256);
  const [a, b] = [mlp(2, "relu", heInit(seed)), mlp(2, "relu", heInit(seed))];
  for (const m of [a, b]) {
    m.compile({ optimizer: optimizer(), loss: "categoricalCrossentropy" });
    await m.trainOnBatch(xs.slice(0, 32), ys.slice(0, 32));
    await m.trainOnBatch(xs.slice(32, 32), ys.slice(32, 32));
  }
  return { a, b, xs, ys };
}

for (const [name, optimizer] of [
  ["adam", () => tf.train.adam(0.001)],
  ["sgd", () => tf.train.sgd(0.01)],
  ["momentum", () => tf.train.momentum(0.01, 0.9)],
] as const) {
  test(`${name}: weights, optimizer state and learning rate come back bit-equal`, async () => {
    const { a, b, xs, ys } = await twins(optimizer, 4);
    const weightsBefore = values(a.getWeights());
    const slotsBefore = await optimizerValues(a.optimizer);
    const lr = (a.optimizer as unknown as { learningRate: number }).learningRate;
    const tensorsBefore = tf.memory().numTensors;

    const finder = await findLearningRate(a, { xs, ys }, { steps: 60 });

    assert.equal(tf.memory().numTensors, tensorsBefore, "no tensor leaks, no slot left behind");
    assert.deepEqual(values(a.getWeights()), weightsBefore, "weights bit-equal");
    assert.deepEqual(
      await optimizerValues(a.optimizer),
      slotsBefore,
      "optimizer slots and iterations bit-equal",
    );
    assert.equal((a.optimizer as unknown as { learningRate: number }).learningRate, lr);
    // The strongest check: the next steps are the same as those of a twin that never ran the finder.
    for (const m of [a, b]) await m.trainOnBatch(xs.slice(64, 32), ys.slice(64, 32));
    assert.deepEqual(values(a.getWeights()), values(b.getWeights()), "training continues exactly as before");

    assert.ok(finder.lrs.length >= 10 && finder.lrs.length <= 60);
    const { steepest, minOver10 } = finder.suggested;
    assert.ok(steepest !== undefined && steepest > 1e-7 && steepest < 10, `steepest ${steepest}`);
    assert.ok(minOver10 !== undefined && minOver10 > 1e-8 && minOver10 < 1, `min/10 ${minOver10}`);
    const text = String(finder[DISPLAY_SYMBOL]()["text/plain"]);
    assert.match(text, /steepest descent at \d\.\de-?\d+, minimum\/10 at \d\.\de-?\d+/);
    assert.match(text, /weights and optimizer state restored/);
    tf.dispose([xs, ys]);
    a.dispose();
    b.dispose();
  });
}

test("the ramp is exponential and stops once the loss diverges", async () => {
  const { a, b, xs, ys } = await twins(() => tf.train.sgd(0.01), 5);
  const finder = await findLearningRate(a, { xs, ys }, { start: 1e-5, end: 100, steps: 80 });
  const ratios = finder.lrs.slice(1).map((lr, i) => lr / finder.lrs[i]!);
  for (const r of ratios) assert.ok(Math.abs(r - ratios[0]!) < 1e-9 * r);
  assert.ok(Math.abs(finder.lrs[0]! - 1e-5) < 1e-15);
  assert.ok(
    finder.lrs.length < 80,
    `stopped after ${finder.lrs.length} of 80 steps at lr ${finder.lrs.at(-1)}`,
  );
  assert.match(finder.toString(), /the loss diverged/);
  tf.dispose([xs, ys]);
  a.dispose();
  b.dispose();
});

test("suggestions: steepest descent before the minimum, and the minimum's learning rate / 10", () => {
  const lrs = exponentialRamp(1e-4, 1, 50);
  // A loss flat at 2, falling fastest around lr 1e-2, lowest near 1e-1, then rising.
  const loss = lrs.map((lr) => {
    const x = Math.log10(lr);
    return 2 - 1.5 / (1 + Math.exp(-4 * (x + 2))) + (x > -1 ? 5 * (x + 1) ** 2 : 0);
  });
  const { steepest, minOver10 } = suggestLearningRates(lrs, loss);
  assert.ok(steepest! > 5e-3 && steepest! < 2e-2, `steepest ${steepest}`);
  assert.ok(minOver10! > 5e-3 && minOver10! < 2e-2, `min/10 ${minOver10}`);
});

test("bad options and an uncompiled model get clear errors", async () => {
  const model = mlp(1, "relu", heInit(1));
  const { xs, ys } = blobs(1, 32);
  await assert.rejects(findLearningRate(model, { xs, ys }), /compile the model first/);
  model.compile({ optimizer: tf.train.sgd(0.1), loss: "categoricalCrossentropy" });
  await assert.rejects(findLearningRate(model, { xs, ys }, { start: 1, end: 0.1 }), /0 < start < end/);
  await assert.rejects(findLearningRate(model, { xs, ys }, { steps: 2 }), /at least 5/);
  tf.dispose([xs, ys]);
  model.dispose();
});
