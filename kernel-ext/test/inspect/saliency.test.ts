import assert from "node:assert/strict";
import { test } from "node:test";
import { initBackend, tf } from "../../src/backend";
import { DISPLAY_SYMBOL } from "../../src/display/mime";
import { explainImages, saliency } from "../../src/inspect/saliency/saliency";
import { blobs, init, pointsAt, trainedCnn, trainedDense } from "./saliency-fixtures";

test("Grad-CAM on a CNN points at the square that decides the class; no tensors left", async () => {
  await initBackend("wasm");
  const { ds, squares } = blobs(160);
  const model = await trainedCnn(ds);
  const before = tf.memory().numTensors;
  const indices = [0, 1, 2, 3, 4, 5, 6, 7];
  const view = saliency(model, ds, indices);
  assert.equal(tf.memory().numTensors, before, "saliency leaves no tensors");
  assert.equal(view.method, "grad-cam");
  assert.equal(view.layer, "last_conv");
  const hits = indices.filter((i, k) =>
    pointsAt(view.maps[k] as Float32Array, squares[i] as [number, number]),
  );
  assert.ok(hits.length >= 6, `maps pointing at the square: ${hits.length} of 8`);
  const bundle = view[DISPLAY_SYMBOL]();
  assert.match(String(bundle["text/html"]), /actual: left/);
  assert.match(String(bundle["text/html"]), /predicted: (left|right) \(\d+ %\)/);
  model.dispose();
});

test("input gradients for a dense model; clear errors", async () => {
  await initBackend("wasm");
  const { ds, squares } = blobs(160);
  const model = await trainedDense(ds);
  const view = saliency(model, ds, [0, 1, 2, 3], { target: "actual" });
  assert.equal(view.method, "input-gradients");
  const hits = [0, 1, 2, 3].filter((i) =>
    pointsAt(view.maps[i] as Float32Array, squares[i] as [number, number]),
  );
  assert.ok(hits.length >= 3, `maps pointing at the square: ${hits.length} of 4`);
  assert.throws(() => saliency(model, ds, [0], { method: "grad-cam" }), /Grad-CAM needs a convolution layer/);
  assert.throws(() => saliency(model, ds, []), /give the dataset indices to explain/);
  model.dispose();
});

test("a model that outputs logits gets the same maps and captions as its softmax twin", async () => {
  await initBackend("wasm");
  const { ds } = blobs(16);
  const logits = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [16, 16, 1],
        filters: 4,
        kernelSize: 3,
        activation: "relu",
        kernelInitializer: init(1),
      }),
      tf.layers.globalMaxPooling2d({}),
      tf.layers.dense({ units: 2, kernelInitializer: init(2) }),
    ],
  });
  // The same layers (same weights) with a softmax on top: probabilities out.
  const softmax = tf.model({
    inputs: logits.inputs,
    outputs: tf.layers
      .activation({ activation: "softmax" })
      .apply(logits.outputs[0] as tf.SymbolicTensor) as tf.SymbolicTensor,
  });
  const before = tf.memory().numTensors;
  const indices = [0, 1, 2, 3];
  const fromProbabilities = explainImages(softmax, ds, indices);
  const fromLogits = explainImages(logits, ds, indices);
  assert.equal(tf.memory().numTensors, before, "saliency leaves no tensors");
  assert.equal(fromLogits.method, "grad-cam");
  assert.deepEqual(fromLogits.captions, fromProbabilities.captions, "the same predictions and percentages");
  indices.forEach((_, k) => {
    const a = fromLogits.maps[k] as Float32Array;
    const b = fromProbabilities.maps[k] as Float32Array;
    assert.ok(
      a.every((v) => Number.isFinite(v)),
      "no NaN from the log of a negative logit",
    );
    assert.ok(
      a.some((v) => v > 0),
      "a map with something in it",
    );
    const worst = a.reduce((m, v, p) => Math.max(m, Math.abs(v - (b[p] as number))), 0);
    assert.ok(worst < 1e-3, `map ${k} differs by ${worst}`);
  });
  logits.dispose();
});
