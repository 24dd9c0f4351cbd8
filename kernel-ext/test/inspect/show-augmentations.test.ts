import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { ImageDataset } from "../../src/data/image-dataset";
import { DISPLAY_SYMBOL } from "../../src/display/mime";
import { showAugmentations } from "../../src/inspect/show-augmentations";

test("one sample and n augmented versions side by side, each draw its own call; no tensors left", async () => {
  await tf.setBackend("cpu");
  const pixels = Uint8Array.from({ length: 2 * 4 * 4 }, (_, i) => i * 8);
  const ds = new ImageDataset({
    pixels,
    height: 4,
    width: 4,
    channels: 1,
    labels: Int32Array.from([0, 1]),
    classNames: ["a", "<b>"],
  });
  const draws: number[] = [];
  const before = tf.memory().numTensors;
  const batch = showAugmentations(
    ds,
    1,
    (x, draw) => (
      draws.push(draw),
      draw % 2 ? tf.image.flipLeftRight(x) : tf.image.resizeBilinear(x, [2, 2])
    ),
    { n: 4 },
  );
  assert.equal(tf.memory().numTensors, before);
  assert.deepEqual(draws, [0, 1, 2, 3]);
  assert.equal(batch.length, 5);
  assert.match(
    batch.toString(),
    /Augmentations of #1 \(<b>\): original and 4 versions.*resized to the original size/,
  );
  assert.ok(String(batch[DISPLAY_SYMBOL]()["text/html"]).includes("(&lt;b&gt;)"));
  assert.throws(() => showAugmentations(ds, 2, (x) => x), /index 2 is outside the dataset \(0\.\.1\)/);
  assert.throws(() => showAugmentations(ds, 0, (x) => tf.concat([x, x])), /must return one image/);
  assert.equal(tf.memory().numTensors, before);
});
