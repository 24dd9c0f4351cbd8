// The saliency map of a misprediction-gallery image, opened the way the view's "saliency" button
// does it: a comm update of `saliency_index`; the kernel answers with the panel (original and overlay PNGs).
import assert from "node:assert/strict";
import { test } from "node:test";
import { initBackend, tf } from "../../src/backend";
import { DISPLAY_SYMBOL } from "../../src/display/mime";
import type { JsonObject } from "../../src/kernel/messages";
import { mispredictions } from "../../src/inspect/mispredictions/mispredictions";
import { collectPredictions } from "../../src/inspect/mispredictions/predictions";
import { widgetSession } from "../comm/recording-manager";
import { blobs, pointsAt, trainedCnn, trainedDense } from "./saliency-fixtures";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

test("mispredictions of a CNN: a gallery image opens its Grad-CAM map below the gallery; no tensors left", async () => {
  await initBackend("wasm");
  const { ds, squares } = blobs(160);
  const model = await trainedCnn(ds);
  const io = widgetSession();
  const widget = await mispredictions(model, ds, { progress: false });
  widget[DISPLAY_SYMBOL]();
  const open = io.sent.find((m) => m.type === "comm_open")!;
  assert.equal(((open.content.data as JsonObject).state as JsonObject).saliency_enabled, true);
  const before = tf.memory().numTensors;
  const hits: number[] = [];
  for (const index of [0, 1, 2, 3, 4, 5]) {
    io.fromView({ saliency_index: index });
    const { state, buffers } = io.lastUpdate();
    const panel = state.saliency_panel as JsonObject;
    assert.equal(panel.index, index);
    assert.equal(panel.error, "");
    assert.match(String(panel.title), new RegExp(`#${index} \\(Grad-CAM on last_conv`));
    assert.equal(buffers.length, 2, "original and overlay travel as two PNG buffers");
    for (const png of buffers) assert.deepEqual([...png.subarray(0, 4)], PNG_SIGNATURE);
    const shown = widget.saliency!;
    assert.ok("map" in shown && shown.method === "grad-cam" && shown.layer === "last_conv");
    if ("map" in shown && pointsAt(shown.map, squares[index] as [number, number])) hits.push(index);
  }
  assert.equal(tf.memory().numTensors, before, "saliency from the gallery leaves no tensors");
  assert.ok(hits.length >= 4, `maps pointing at the square: ${hits.length} of 6`);
  const html = String(widget[DISPLAY_SYMBOL]()["text/html"]);
  assert.match(html, /Where the model looked for #5/, "the static fallback shows the panel too");
  // Closing the panel (null) and bad indices.
  io.fromView({ saliency_index: null });
  assert.equal(io.lastUpdate().state.saliency_panel, null);
  io.fromView({ saliency_index: ds.length });
  assert.equal(widget.saliency?.index, 5, "an index outside the dataset changes nothing");
  assert.throws(() => widget.explain(-1), /must be null or a dataset index in 0\.\.159/);
  model.dispose();
});

test("mispredictions of a dense model: input gradients; from predictions only with { model }", async () => {
  await initBackend("wasm");
  const { ds, squares } = blobs(160);
  const model = await trainedDense(ds);
  const io = widgetSession();
  const predictions = await collectPredictions(model, ds, { progress: false });
  const without = mispredictions(predictions, ds);
  without[DISPLAY_SYMBOL]();
  const open = io.sent.filter((m) => m.type === "comm_open").at(-1)!;
  assert.equal(((open.content.data as JsonObject).state as JsonObject).saliency_enabled, false);
  io.fromView({ saliency_index: 0 });
  assert.equal(without.saliency, undefined, "no model, no map");
  assert.throws(() => without.explain(0), /needs the model/);

  const withModel = mispredictions(predictions, ds, { model });
  withModel[DISPLAY_SYMBOL]();
  const before = tf.memory().numTensors;
  const hits = [0, 1, 2, 3].filter((index) => {
    io.fromView({ saliency_index: index });
    assert.equal(io.lastUpdate().buffers.length, 2);
    const shown = withModel.saliency!;
    assert.ok("map" in shown && shown.method === "input-gradients", JSON.stringify(shown));
    return "map" in shown && pointsAt(shown.map, squares[index] as [number, number]);
  });
  assert.equal(tf.memory().numTensors, before);
  assert.ok(hits.length >= 3, `maps pointing at the square: ${hits.length} of 4`);
  assert.throws(
    () => mispredictions(predictions, ds, { model: {} as tf.LayersModel }),
    /options\.model must be a tf\.LayersModel/,
  );
  model.dispose();
});

test("a map asked after the model changed says it now predicts another class than the gallery shows", async () => {
  await initBackend("wasm");
  const { ds } = blobs(40);
  const model = await trainedDense(ds);
  const io = widgetSession();
  const widget = await mispredictions(model, ds, { progress: false });
  widget[DISPLAY_SYMBOL]();
  const shown = widget.predictions.predicted[0] as number;
  widget.explain(0);
  assert.doesNotMatch(String((io.lastUpdate().state.saliency_panel as JsonObject).title), /model changed/);
  // Retrained, in effect: a bias that makes every image the other class.
  const last = model.layers.at(-1)!;
  const [kernel] = last.getWeights();
  const other = 1 - shown;
  const pushed = tf.tensor1d([0, 1].map((c) => (c === other ? 1e3 : -1e3)));
  last.setWeights([kernel!, pushed]);
  pushed.dispose();
  const before = tf.memory().numTensors;
  widget.explain(0);
  assert.equal(tf.memory().numTensors, before);
  const panel = io.lastUpdate().state.saliency_panel as JsonObject;
  assert.equal(panel.error, "");
  const title = String(panel.title);
  assert.match(
    title,
    new RegExp(
      `model changed since this gallery was made: it now predicts ${ds.classNames[other]}, the gallery shows ${ds.classNames[shown]}`,
    ),
  );
  assert.match(String(widget[DISPLAY_SYMBOL]()["text/html"]), /model changed since this gallery was made/);
  model.dispose();
});
