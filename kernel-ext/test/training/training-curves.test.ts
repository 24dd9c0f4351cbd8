import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { DISPLAY_SYMBOL } from "../../src/display/mime";
import { diagnoseCapacity } from "../../src/training/capacity-widget";
import { trainingCurves, TrainingCurvesWidget } from "../../src/training/curves";
import { blobs, heInit, mlp } from "./planted/nets";

before(async () => {
  await initBackend("wasm");
});

test("trainingCurves records loss and metrics per batch and per epoch, training and validation", async () => {
  const model = mlp(2, "relu", heInit(1));
  model.compile({ optimizer: tf.train.adam(0.01), loss: "categoricalCrossentropy", metrics: ["acc"] });
  const { xs, ys } = blobs(1, 160);
  // A first fit creates the optimizer's slots; the curves must add nothing after it.
  await model.fit(xs, ys, { epochs: 1, batchSize: 32, verbose: 0 });
  const before = tf.memory().numTensors;
  const curves = trainingCurves();
  const history = await model.fit(xs, ys, {
    epochs: 3,
    batchSize: 32,
    validationSplit: 0.2,
    callbacks: [curves],
    verbose: 0,
  });
  assert.equal(tf.memory().numTensors, before, "no tensor kept");
  assert.deepEqual(Object.keys(curves.history).sort(), ["acc", "loss", "val_acc", "val_loss"]);
  for (const key of Object.keys(curves.history))
    assert.deepEqual(curves.history[key], history.history[key], `${key} equals model.fit's history`);
  assert.deepEqual(curves.epoch, [1, 2, 3]);
  const state = curves.widget[DISPLAY_SYMBOL]()["text/plain"];
  assert.match(
    String(state),
    /done, epoch 3 of 3 — loss [\d.]+, acc [\d.]+, val_loss [\d.]+, val_acc [\d.]+/,
  );
  // 128 training rows at batch 32: 4 batches an epoch, on fractional epochs.
  const html = String(curves.widget[DISPLAY_SYMBOL]()["text/html"]);
  assert.match(html, /<svg/);

  // Its history feeds diagnoseCapacity directly, and a second fit continues the epochs.
  assert.ok(
    ["underfitting", "overfitting", "good_fit", "not_converged"].includes(diagnoseCapacity(curves).verdict),
  );
  await model.fit(xs, ys, { epochs: 2, batchSize: 32, callbacks: [curves], verbose: 0 });
  assert.deepEqual(curves.epoch, [1, 2, 3, 4, 5]);
  assert.equal(tf.memory().numTensors, before, "no tensor kept across fits");
  assert.equal(curves.history.loss!.length, 5);
  assert.ok(Number.isNaN(curves.history.val_loss![4]!), "no validation in the second fit: a gap");
  tf.dispose([xs, ys]);
  model.dispose();
});

test("per-batch points sit at fractional epochs", async () => {
  const model = mlp(1, "relu", heInit(2));
  model.compile({ optimizer: tf.train.sgd(0.1), loss: "categoricalCrossentropy" });
  const { xs, ys } = blobs(2, 128);
  const curves = trainingCurves();
  await model.fit(xs, ys, { epochs: 2, batchSize: 32, callbacks: [curves], verbose: 0 });
  const bundle = curves[DISPLAY_SYMBOL]();
  assert.ok(bundle["text/plain"]);
  const state = (
    curves.widget as unknown as { state: { batch_x: number[]; batch: Record<string, number[]> } }
  ).state;
  assert.deepEqual(state.batch_x, [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2]);
  assert.equal(state.batch.loss!.length, 8);
  tf.dispose([xs, ys]);
  model.dispose();
});

test("the live widget redraws at most 5 times a second, and always at the end", () => {
  let now = 0;
  const widget = new TrainingCurvesWidget(() => now);
  const sent: string[] = [];
  const state = (n: number, done = false): Parameters<TrainingCurvesWidget["update"]>[0] => ({
    batch_x: [],
    batch: {},
    epochs: Array.from({ length: n }, (_, i) => i + 1),
    epoch: { loss: Array.from({ length: n }, () => 1) },
    total_epochs: 100,
    done,
  });
  // 100 updates over one second (every 10 ms).
  for (let i = 1; i <= 100; i++) {
    now = i * 10;
    widget.update(state(i), false);
    const title = widget.toString();
    if (sent[sent.length - 1] !== title) sent.push(title);
  }
  assert.ok(sent.length <= 6, `${sent.length} redraws in one second`);
  assert.ok(sent.length >= 5, `${sent.length} redraws: it keeps updating`);
  widget.update(state(100, true), true);
  assert.match(widget.toString(), /done, epoch 100 of 100/);
});
