import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import sharp from "sharp";
import { ImageDataset } from "../../src/data/image-dataset";
import { DISPLAY_SYMBOL } from "../../src/display/mime";
import { showBatch } from "../../src/inspect/show-batch";

function dataset(classNames: string[]): ImageDataset {
  const n = 6;
  const pixels = new Uint8Array(n * 4 * 4 * 1);
  for (let i = 0; i < n; i++) pixels.fill(i * 40, i * 16, (i + 1) * 16);
  return new ImageDataset({
    pixels,
    height: 4,
    width: 4,
    channels: 1,
    labels: Int32Array.from([0, 1, 0, 1, 0, 1]),
    classNames,
  });
}

test("in plain Node a batch displays as HTML, PNG and text, without a widget view", () => {
  const bundle = showBatch(tf.zeros([2, 3, 3, 1]))[DISPLAY_SYMBOL]();
  assert.deepEqual(Object.keys(bundle).sort(), ["image/png", "text/html", "text/plain"]);
});

test("dataset captions are class names, and data-derived text is escaped in the HTML fallback", () => {
  const evil = "<img src=x onerror=alert(1)>";
  const batch = showBatch(dataset(["shirt", evil]), { n: 2 });
  const html = String(batch[DISPLAY_SYMBOL]()["text/html"]);
  assert.ok(html.includes("shirt"));
  assert.ok(!html.includes("<img src=x"), "no raw markup from a class name");
  assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
});

test("transform and denormalize show what the network sees; the PNG mosaic decodes", async () => {
  const ds = dataset(["a", "b"]);
  const normalized = (x: tf.Tensor4D): tf.Tensor4D => x.sub(0.5).div(0.25);
  const batch = showBatch(ds, {
    n: 6,
    cols: 3,
    transform: normalized,
    denormalize: { mean: 0.5, std: 0.25 },
  });
  assert.match(batch.toString(), /after transform \(\[0, 1\] × 255\)/);
  const png = batch[DISPLAY_SYMBOL]()["image/png"] as Uint8Array;
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  assert.equal(info.width, 3 * 84 + 2 * 2);
  assert.equal(data[0], 0, "first image is black");
  const secondImageX = 84 + 2 + 10;
  assert.ok(Math.abs((data[secondImageX] as number) - 40) <= 1, "second image keeps its gray level 40");
});

test("an un-denormalized batch is auto-scaled and says so", () => {
  const batch = showBatch(tf.tensor4d([-2, 0, 2, 4], [1, 2, 2, 1]));
  assert.match(batch.toString(), /auto-scaled from \[-2\.00, 4\.00\]/);
});

test("labels as ids, names or one-hot tensors become captions; seeds sample reproducibly", () => {
  const images = tf.zeros([4, 2, 2, 1]);
  const oneHot = tf.oneHot(tf.tensor1d([2, 0, 1, 2], "int32"), 3);
  const a = showBatch({ images, labels: oneHot, classNames: ["x", "y", "z"] });
  assert.equal(String(a[DISPLAY_SYMBOL]()["text/html"]).match(/<figcaption[^>]*>z</g)?.length, 2);
  const s1 = showBatch({ images, labels: ["p", "q", "r", "s"] }, { n: 2, seed: 7 });
  const s2 = showBatch({ images, labels: ["p", "q", "r", "s"] }, { n: 2, seed: 7 });
  assert.equal(s1[DISPLAY_SYMBOL]()["text/html"], s2[DISPLAY_SYMBOL]()["text/html"]);
  tf.dispose([images, oneHot]);
});

test("bad input gets errors that name the problem and the fix", () => {
  assert.throws(
    () => showBatch(tf.zeros([2, 2])),
    /needs NHWC images \(rank 4\); the tensor has shape \[2, 2\]/,
  );
  assert.throws(() => showBatch(tf.zeros([1, 2, 2, 5])), /1, 3 or 4 channels, this batch has 5/);
  assert.throws(() => showBatch(tf.zeros([0, 2, 2, 1])), /no images/);
});

test("showBatch leaves no tensors behind", () => {
  const ds = dataset(["a", "b"]);
  const images = tf.ones([3, 4, 4, 3]);
  const before = tf.memory().numTensors;
  showBatch(ds, {
    transform: (x) => x.mul(2).clipByValue(0, 1) as tf.Tensor4D,
    denormalize: { mean: [0], std: [1] },
  });
  showBatch({ images, labels: tf.tensor1d([0, 1, 2], "int32") });
  showBatch(images, { seed: 1, n: 2 });
  assert.equal(tf.memory().numTensors, before + 1, "only the labels tensor created in the call remains");
  images.dispose();
});
