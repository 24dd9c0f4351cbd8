import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import sharp from "sharp";
import { loadImageFolder } from "../../src/data/load-image-folder";
import { writePixelDataset, type PlantedDataset } from "../outliers/planted-dataset";

let planted: PlantedDataset;
before(async () => {
  await tf.setBackend("cpu");
  planted = await writePixelDataset(10, 3);
});
after(() => planted.cleanup());

test("corrupt, empty and non-image files are skipped with their reason; the load goes on", async () => {
  const ds = await loadImageFolder(planted.dir, { size: 32, progress: false });
  const skipped = new Map(ds.skipped.map((s) => [basename(s.path), s.reason]));
  for (const name of planted.corrupt) assert.ok(skipped.has(name), `${name} is listed as skipped`);
  assert.match(skipped.get("notes.txt")!, /not an image extension \(\.txt\)/);
  assert.match(skipped.get("broken_garbage.jpg")!, /unsupported image format/);
  assert.equal(skipped.size, 4);
  assert.deepEqual(ds.classNames, ["blue", "green", "red"]);
  assert.ok(ds.length > 100);
  assert.deepEqual(ds.imageShape, [32, 32, 3]);
});

test("meta keeps each file's original size, channels, format and bytes; labels follow the folders", async () => {
  const ds = await loadImageFolder(planted.dir, {
    size: [24, 40],
    channels: 1,
    fit: "fill",
    progress: false,
  });
  assert.deepEqual(ds.imageShape, [24, 40, 1]);
  const i = Array.from({ length: ds.length }, (_, k) => k).find(
    (k) => basename(ds.meta(k).path) === "p_odd_aspect_ratio_1.png",
  )!;
  const meta = ds.meta(i);
  assert.deepEqual([meta.width, meta.height, meta.channels, meta.format], [128, 32, 3, "png"]);
  assert.ok(meta.bytes > 100);
  assert.equal(ds.classNames[ds.label(i)], basename(join(meta.path, "..")));
  const jpeg = Array.from({ length: ds.length }, (_, k) => ds.meta(k)).find((m) => m.path.endsWith(".jpg"))!;
  assert.equal(jpeg.format, "jpeg");
});

test("without size and channels: the most common size, gray when every file is gray; floats only for asked indices", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tslab-ml-gray-"));
  try {
    for (const cls of ["a", "b"]) await mkdir(join(dir, cls));
    const gray = (w: number, h: number, v: number): Promise<unknown> =>
      sharp(Buffer.alloc(w * h, v), { raw: { width: w, height: h, channels: 1 } })
        .toColourspace("b-w")
        .png()
        .toFile(join(dir, v % 2 ? "a" : "b", `${w}x${h}_${v}.png`));
    await Promise.all([gray(12, 10, 1), gray(12, 10, 2), gray(12, 10, 3), gray(30, 30, 4)]);
    const ds = await loadImageFolder(dir, { progress: false });
    assert.deepEqual(ds.imageShape, [10, 12, 1]);
    assert.equal(ds.length, 4);
    const before = tf.memory().numTensors;
    const x = ds.images([0, 3]);
    assert.deepEqual(x.shape, [2, 10, 12, 1]);
    assert.ok(Math.abs(x.dataSync()[0]! - 1 / 255) < 1e-6);
    x.dispose();
    assert.equal(tf.memory().numTensors, before);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("bad folders and options get errors that say what to do", async () => {
  await assert.rejects(
    loadImageFolder("/nonexistent/folder"),
    /is not a folder; pass a folder laid out as dir\/<class>\/<image>/,
  );
  const empty = await mkdtemp(join(tmpdir(), "tslab-ml-empty-"));
  try {
    await assert.rejects(loadImageFolder(empty), /has no class subfolders/);
  } finally {
    await rm(empty, { recursive: true, force: true });
  }
  await assert.rejects(
    loadImageFolder(planted.dir, { size: 0 }),
    /size must be a positive integer or \[height, width\]/,
  );
  await assert.rejects(
    loadImageFolder(planted.dir, { channels: 4 as 3 }),
    /channels must be 1 \(gray\) or 3 \(RGB\)/,
  );
});
