import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ImageDataset } from "../../src/data/image-dataset";
import { DISPLAY_SYMBOL } from "../../src/display/mime";
import { diagnoseCapacity } from "../../src/training/capacity-widget";
import { overfitBatch } from "../../src/training/overfit-batch";

before(async () => {
  await tf.setBackend("cpu");
});

const decay = (n: number, from: number, to: number, rate: number): number[] =>
  Array.from({ length: n }, (_, i) => to + (from - to) * Math.exp(-rate * i));

test("overfitting: validation loss turns back up while training loss keeps falling", () => {
  const loss = decay(30, 2, 0.05, 0.2);
  const val_loss = loss.map((l, i) => (i < 10 ? l + 0.1 : 0.45 + 0.03 * (i - 10)));
  const report = diagnoseCapacity({ history: { loss, val_loss } });
  assert.equal(report.verdict, "overfitting");
  assert.equal(report.diagnosis.bestEpoch, 11);
  assert.ok(report.evidence.some((e) => /validation loss rose/.test(e)));
});

test("underfitting: training loss plateaus high, train and validation together", () => {
  const loss = decay(30, 2.3, 1.9, 0.4);
  const report = diagnoseCapacity({ loss, val_loss: loss.map((l) => l * 1.02), acc: loss.map(() => 0.3) });
  assert.equal(report.verdict, "underfitting");
});

test("not converged: training loss still falling at the end", () => {
  const loss = decay(10, 2, 0, 0.05);
  assert.equal(diagnoseCapacity({ loss, val_loss: loss.map((l) => l * 1.05) }).verdict, "not_converged");
  assert.equal(diagnoseCapacity({ loss: [1, 0.5] }).verdict, "not_converged");
});

test("good fit: low plateau, small gap; the widget carries curves and an SVG fallback", () => {
  const loss = decay(30, 2, 0.1, 0.5);
  const report = diagnoseCapacity({
    history: { loss, val_loss: loss.map((l) => l * 1.1), acc: loss.map(() => 0.97) },
  });
  assert.equal(report.verdict, "good_fit");
  const html = String(report[DISPLAY_SYMBOL]()["text/html"]);
  assert.match(html, /<svg/);
  assert.match(html, /good fit/);
});

test("a history without loss is refused with the fix", () => {
  assert.throws(() => diagnoseCapacity({ acc: [0.5] }), /needs a training history with a "loss" curve/);
});

test("overfitBatch passes for a model that can learn, fails for one that cannot, and restores weights", async () => {
  const n = 8;
  const pixels = new Uint8Array(n * 6 * 6);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 97) % 256;
  const ds = new ImageDataset({
    pixels,
    height: 6,
    width: 6,
    channels: 1,
    labels: Int32Array.from({ length: n }, (_, i) => i % 2),
    classNames: ["a", "b"],
  });
  const build = (lr: number): tf.Sequential => {
    const m = tf.sequential({
      layers: [
        tf.layers.flatten({ inputShape: [6, 6, 1] }),
        tf.layers.dense({ units: 32, activation: "relu" }),
        tf.layers.dense({ units: 2, activation: "softmax" }),
      ],
    });
    m.compile({ optimizer: tf.train.adam(lr), loss: "categoricalCrossentropy" });
    return m;
  };
  const good = build(0.05);
  const before = good.getWeights().map((w) => [...w.dataSync()]);
  const tensors = tf.memory().numTensors;
  const ok = await overfitBatch(good, ds, { batchSize: 8, steps: 200 });
  assert.equal(ok.passed, true, `final loss ${ok.finalLoss}`);
  assert.ok(ok.finalLoss < ok.initialLoss);
  assert.deepEqual(
    good.getWeights().map((w) => [...w.dataSync()]),
    before,
    "weights restored",
  );
  assert.equal(tf.memory().numTensors, tensors + 0, "no tensor leaks");
  const stuck = build(0);
  const bad = await overfitBatch(stuck, ds, { batchSize: 8, steps: 20 });
  assert.equal(bad.passed, false);
  assert.equal(bad.steps, 20);
});
