import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { clipByGlobalNorm, withGradientClipping } from "../../src/training/clipping";

before(async () => {
  await tf.setBackend("cpu");
});

const norm = (ts: tf.Tensor[]): number =>
  tf.tidy(() => Math.sqrt(tf.addN(ts.map((t) => t.square().sum())).dataSync()[0]!));

test("clipByGlobalNorm rescales to the maximum and keeps directions; small gradients pass unchanged", () => {
  const a = tf.tensor1d([3, 0]);
  const b = tf.tensor1d([0, 4]);
  const { grads, globalNorm } = clipByGlobalNorm([a, b], 1);
  assert.equal(globalNorm, 5);
  assert.ok(Math.abs(norm(grads) - 1) < 1e-6);
  assert.deepEqual(
    [...grads[0]!.dataSync()].map((x) => +x.toFixed(6)),
    [0.6, 0],
  );
  const small = clipByGlobalNorm({ w: a }, 10);
  assert.equal(small.globalNorm, 3);
  assert.deepEqual([...small.grads.w!.dataSync()], [3, 0]);
  tf.dispose([a, b, ...grads, small.grads.w!]);
});

test("withGradientClipping works in model.compile: applied norms stay under the maximum and the loss falls", async () => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 16, activation: "relu", inputShape: [4] }),
      tf.layers.dense({ units: 1 }),
    ],
  });
  const sgd = tf.train.sgd(0.05);
  const appliedNorms: number[] = [];
  const apply = sgd.applyGradients.bind(sgd);
  sgd.applyGradients = (g) => {
    const list = Array.isArray(g) ? g.map((x) => x.tensor) : Object.values(g);
    appliedNorms.push(norm(list));
    apply(g);
  };
  const clipped = withGradientClipping(sgd, { maxGlobalNorm: 0.5 });
  model.compile({ optimizer: clipped, loss: "meanSquaredError" });
  const xs = tf.randomNormal([64, 4], 0, 1, "float32", 1);
  const ys = xs.sum(1, true).mul(10);
  const h = await model.fit(xs, ys, { epochs: 8, batchSize: 16, verbose: 0 });
  const losses = h.history.loss as number[];
  assert.ok(losses.at(-1)! < losses[0]!, `loss ${losses[0]} → ${losses.at(-1)}`);
  assert.ok(appliedNorms.length === 32);
  assert.ok(Math.max(...appliedNorms) <= 0.5 + 1e-5, `max applied norm ${Math.max(...appliedNorms)}`);
  assert.ok(clipped.clippingReport.maxGlobalNormSeen > 0.5, "clipping actually happened");
  assert.ok(clipped.clippingReport.clippedSteps > 0);
  tf.dispose([xs, ys]);
});

test("non-finite gradients are reported and the step is skipped", () => {
  const v = tf.variable(tf.tensor1d([1, 1]));
  const reports: number[] = [];
  const opt = withGradientClipping(tf.train.sgd(1), {
    clipValue: 1,
    onNonFinite: (step) => reports.push(step),
  });
  const bad = tf.tensor1d([NaN, 1]);
  opt.applyGradients({ [v.name]: bad });
  assert.deepEqual(reports, [1]);
  assert.deepEqual([...v.dataSync()], [1, 1], "the variable is untouched");
  const good = tf.tensor1d([5, -0.5]);
  opt.applyGradients({ [v.name]: good });
  assert.deepEqual([...v.dataSync()], [0, 1.5], "clipValue clipped 5 to 1");
  assert.equal(opt.clippingReport.skippedNonFinite, 1);
  tf.dispose([v, bad, good]);
});

test("bad options are refused with the fix", () => {
  assert.throws(() => withGradientClipping(tf.train.sgd(1), {}), /needs maxGlobalNorm or clipValue/);
  assert.throws(() => withGradientClipping(tf.train.sgd(1), { maxGlobalNorm: 0 }), /must be positive/);
  const once = withGradientClipping(tf.train.sgd(1), { clipValue: 1 });
  assert.throws(() => withGradientClipping(once, { clipValue: 1 }), /already clips/);
});
