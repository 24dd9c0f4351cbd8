import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { CommManager } from "../../src/comm/comm-manager";
import type { CommMessageType } from "../../src/comm/types";
import { ImageDataset } from "../../src/data/image-dataset";
import { DISPLAY_SYMBOL } from "../../src/display/mime";
import { setDisplaySession } from "../../src/display/session";
import {
  accuracyOf,
  confusionMatrix,
  mostConfused,
  perClassAccuracy,
} from "../../src/inspect/mispredictions/confusion";
import { mispredictions } from "../../src/inspect/mispredictions/mispredictions";
import { collectPredictions, predictionsFrom } from "../../src/inspect/mispredictions/predictions";
import { topLosses } from "../../src/inspect/mispredictions/top-losses";
import type { JsonObject } from "../../src/jupyter/messages";

test("confusionMatrix, per-class accuracy and mostConfused on a hand-checked example", () => {
  const labels = [0, 0, 0, 1, 1, 2, 2, 2, 2];
  const predicted = [0, 1, 1, 1, 0, 2, 1, 1, 0];
  const m = confusionMatrix(labels, predicted, 4);
  assert.deepEqual(m, [
    [1, 2, 0, 0],
    [1, 1, 0, 0],
    [1, 2, 1, 0],
    [0, 0, 0, 0],
  ]);
  assert.deepEqual(perClassAccuracy(m), [1 / 3, 1 / 2, 1 / 4, null]);
  assert.equal(accuracyOf(m), 3 / 9);
  assert.deepEqual(mostConfused(m, { k: 3 }), [
    { actual: 0, predicted: 1, count: 2 },
    { actual: 2, predicted: 1, count: 2 },
    { actual: 1, predicted: 0, count: 1 },
  ]);
  assert.deepEqual(mostConfused(m, { minCount: 2 }).length, 2);
  assert.throws(() => confusionMatrix([0, 5], [0, 1], 3), /labels\[1\] = 5 is not a class index \(0\.\.2\)/);
});

test("topLosses ranks by loss with the probability of the actual class; filters errors or one cell", () => {
  const probs = Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.05, 0.95]);
  const p = predictionsFrom(probs, Int32Array.from([0, 0, 1, 1]), 2);
  assert.deepEqual([...p.predicted], [0, 1, 0, 1]);
  assert.ok(Math.abs(p.losses[1]! + Math.log(0.2)) < 1e-6);
  const top = topLosses(p, 2);
  assert.deepEqual(
    top.map((t) => t.index),
    [1, 2],
  );
  assert.ok(Math.abs(top[0]!.probActual - 0.2) < 1e-6);
  assert.deepEqual(
    topLosses(p, Infinity, "errors").map((t) => t.index),
    [1, 2],
  );
  assert.deepEqual(
    topLosses(p, Infinity, { actual: 1, predicted: 1 }).map((t) => t.index),
    [3],
  );
});

function dataset(n: number, classNames: string[]): ImageDataset {
  const pixels = Uint8Array.from({ length: n * 4 * 4 }, (_, i) => (i * 13) % 256);
  return new ImageDataset({
    pixels,
    height: 4,
    width: 4,
    channels: 1,
    labels: Int32Array.from({ length: n }, (_, i) => i % classNames.length),
    classNames,
  });
}

test("collectPredictions batches, turns logits into probabilities and leaves no tensor behind", async () => {
  await tf.setBackend("cpu");
  const ds = dataset(10, ["a", "b", "c"]);
  // A "model" whose logits favour class (mean pixel × 10) mod 3: plain function, no weights.
  const logits = (x: tf.Tensor4D): tf.Tensor =>
    tf.oneHot(x.mean([1, 2, 3]).mul(10).floor().mod(3).toInt(), 3).mul(5);
  const before = tf.memory().numTensors;
  const p = await collectPredictions(logits, ds, { batchSize: 3, progress: false });
  assert.equal(tf.memory().numTensors, before);
  for (let i = 0; i < ds.length; i++) {
    const row = p.probs.subarray(i * 3, i * 3 + 3);
    assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5);
    assert.ok(p.confidence[i]! > 0.98);
  }
  const wrongClasses = (x: tf.Tensor4D): tf.Tensor => tf.zeros([x.shape[0], 5]);
  await assert.rejects(
    collectPredictions(wrongClasses, ds, { progress: false }),
    /outputs 5 classes but the dataset has 3/,
  );
  assert.equal(tf.memory().numTensors, before);
});

test("the widget: matrix, gallery captions, a confusion-cell click filters, pages come on request", async () => {
  const sent: { type: CommMessageType; content: JsonObject; buffers: readonly Uint8Array[] }[] = [];
  const manager = new CommManager(
    { send: (type, content, _metadata, buffers) => sent.push({ type, content, buffers }) },
    () => {},
  );
  setDisplaySession({
    comms: manager,
    display: () => {},
    updateDisplay: () => {},
    clearOutput: () => {},
    page: () => {},
  });
  try {
    const names = ["<b>shirt</b>", "coat"];
    const ds = dataset(60, names);
    // Every third image is predicted wrong, with growing confidence.
    const probs = new Float32Array(60 * 2);
    for (let i = 0; i < 60; i++) {
      const wrong = i % 3 === 0;
      const label = i % 2;
      const p = wrong ? 0.6 + i / 200 : 0.9;
      probs[i * 2 + label] = wrong ? 1 - p : p;
      probs[i * 2 + (1 - label)] = wrong ? p : 1 - p;
    }
    const w = mispredictions(predictionsFrom(probs, ds.labels, 2), ds, { k: 4 });
    const bundle = w[DISPLAY_SYMBOL]();
    const html = String(bundle["text/html"]);
    assert.ok(
      html.includes("&lt;b&gt;shirt&lt;/b&gt;") && !html.includes("<b>shirt</b>"),
      "class names are escaped",
    );
    assert.match(String(bundle["text/plain"]), /20 of 60 images mispredicted \(accuracy 66\.7%\)/);
    assert.deepEqual(w.confusion, [
      [20, 10],
      [10, 20],
    ]);
    const open = sent.find((m) => m.type === "comm_open")!;
    const state = (open.content.data as JsonObject).state as JsonObject;
    assert.equal(state.gallery_total, 20);
    assert.equal((state.gallery_items as JsonObject[]).length, 4);
    assert.equal(open.buffers.length, 4, "only the first page of thumbnails travels with the widget");
    const first = w.galleryItems[0]!;
    assert.equal(first.index, 57, "highest loss first");
    assert.match(first.caption, /^coat → <b>shirt<\/b> \| loss 2\.16 \| p\(coat\) 0\.115$/);

    const commId = String(open.content.comm_id);
    manager.handleMessage(
      {
        comm_id: commId,
        data: { method: "update", state: { filter: { actual: 0, predicted: 1 } }, buffer_paths: [] },
      },
      [],
    );
    assert.deepEqual(w.filter, { actual: 0, predicted: 1 });
    const update = sent
      .filter((m) => m.type === "comm_msg" && (m.content.data as JsonObject).method === "update")
      .at(-1)!;
    const patch = (update.content.data as JsonObject).state as JsonObject;
    assert.equal(patch.gallery_total, 10, "the gallery now shows shirt → coat only");
    assert.ok(
      (patch.gallery_items as JsonObject[]).every((item) => item.actual === 0 && item.predicted === 1),
    );

    manager.handleMessage(
      {
        comm_id: commId,
        data: { method: "custom", content: { method: "page", gallery: "errors", page: 2 } },
      },
      [],
    );
    const reply = sent.at(-1)!;
    const content = (reply.content.data as JsonObject).content as JsonObject;
    assert.equal(content.page, 2);
    assert.equal((content.items as JsonObject[]).length, 2, "10 images, pages of 4: the third page holds 2");
    assert.equal(reply.buffers.length, 2);
    assert.deepEqual([...reply.buffers[0]!.subarray(1, 4)], [0x50, 0x4e, 0x47], "thumbnails are PNGs");
    manager.handleMessage(
      {
        comm_id: commId,
        data: { method: "custom", content: { method: "page", gallery: "errors", page: -1 } },
      },
      [],
    );
    assert.match(
      String(((sent.at(-1)!.content.data as JsonObject).content as JsonObject).error),
      /non-negative integer/,
    );
    assert.throws(() => (w.filter = { actual: 0, predicted: 7 }), /class indices in 0\.\.1/);
    w.close();
  } finally {
    setDisplaySession(undefined);
  }
});

test("predictions from another dataset are refused with the fix", () => {
  const ds = dataset(4, ["a", "b"]);
  const p = predictionsFrom(new Float32Array(6).fill(0.5), Int32Array.from([0, 1, 0]), 2);
  assert.throws(
    () => mispredictions(p, ds),
    /cover 3 images but the dataset has 4; collect them on this dataset/,
  );
});
