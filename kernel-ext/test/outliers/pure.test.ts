import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { exactDuplicates, nearDuplicates } from "../../src/outliers/duplicates";
import { ExcludedSet } from "../../src/outliers/excluded-set";
import { knnDistances } from "../../src/outliers/knn";
import { confidentLearningIssues } from "../../src/outliers/confident-learning";
import { hammingDistance, perceptualHash, popcount32 } from "../../src/outliers/perceptual-hash";
import { median, robustZ } from "../../src/outliers/robust-z";
import { predictionsFrom } from "../../src/inspect/mispredictions/predictions";

test("median and robust z-scores, with the MAD = 0 fallback and the scale floor", () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
  // median 3, |dev| = 2,1,0,1,97 → MAD 1 → σ̂ 1.4826
  const z = robustZ([1, 2, 3, 4, 100], 0);
  assert.ok(Math.abs(z[4]! - 97 / 1.4826) < 1e-9);
  assert.ok(Math.abs(z[0]! + 2 / 1.4826) < 1e-9);
  // More than half equal: MAD = 0, mean absolute deviation (10 / 5 = 2) × 1.2533 is the scale.
  const tied = robustZ([5, 5, 5, 5, 15], 0);
  assert.ok(Math.abs(tied[4]! - 10 / (1.2533 * 2)) < 1e-9);
  assert.ok(
    Math.abs(robustZ([5, 5, 5, 5, 5.01], 1)[4]! - 0.01) < 1e-9,
    "the floor keeps a tiny difference small",
  );
});

test("popcount, Hamming distance and a perceptual hash robust to brightness but not to content", () => {
  assert.equal(popcount32(0), 0);
  assert.equal(popcount32(0xffffffff), 32);
  assert.equal(popcount32(0b1011), 3);
  const hashes = Uint32Array.from([0b1, 0, 0b111, 1 << 31]);
  assert.equal(hammingDistance(hashes, 0, 1), 3);
  const img = Float32Array.from({ length: 28 * 28 }, (_, i) => {
    const x = i % 28;
    const y = Math.floor(i / 28);
    return 128 + 60 * Math.sin(x / 3) * Math.cos(y / 5) + (x > 18 && y < 9 ? 50 : 0) - (y > 20 ? 40 : 0);
  });
  const brighter = img.map((v) => v * 1.1 + 5);
  const flipped = img.map((_, i) => img[28 * 28 - 1 - i]!);
  const h = (x: Float32Array): Uint32Array => Uint32Array.from(perceptualHash(x, 28, 28));
  const all = Uint32Array.from([...h(img), ...h(brighter), ...h(flipped)]);
  assert.equal(hammingDistance(all, 0, 1), 0);
  assert.ok(hammingDistance(all, 0, 2) > 10);
});

test("exact duplicates keep the first of a group; near duplicates group transitively and honour confirm", () => {
  assert.deepEqual(exactDuplicates(["a", "b", "a", "c", "a"]), [
    { index: 2, duplicateOf: 0, distance: 0 },
    { index: 4, duplicateOf: 0, distance: 0 },
  ]);
  // Hashes: 0 and 1 differ in 2 bits, 1 and 2 in 2 bits (0 and 2 in 4), 3 far away.
  const hashes = Uint32Array.from([0, 0, 0b11, 0, 0b1111, 0, 0xffff, 0xffff]);
  assert.deepEqual(nearDuplicates(hashes, [0, 1, 2, 3], 2), [
    { index: 1, duplicateOf: 0, distance: 2 },
    { index: 2, duplicateOf: 0, distance: 2 },
  ]);
  assert.deepEqual(
    nearDuplicates(hashes, [0, 1, 2, 3], 2, (i, j) => i + j !== 1),
    [{ index: 2, duplicateOf: 1, distance: 2 }],
  );
  assert.deepEqual(nearDuplicates(hashes, [0, 3], 8), []);
});

test("k-NN distances on hand-checked points, sampling a reference set, no tensors left", async () => {
  await tf.setBackend("cpu");
  // Points on a line at 0, 1, 2, 10: nearest-neighbour (k = 1) distances 1, 1, 1, 8.
  const values = Float32Array.from([0, 0, 1, 0, 2, 0, 10, 0]);
  const before = tf.memory().numTensors;
  assert.deepEqual([...(await knnDistances(values, 2, { k: 1, progress: false }))], [1, 1, 1, 8]);
  // k = 2: means of the two nearest: (1+2)/2, (1+1)/2, (1+2)/2, (8+9)/2.
  assert.deepEqual([...(await knnDistances(values, 2, { k: 2, progress: false }))], [1.5, 1, 1.5, 8.5]);
  const sampled = await knnDistances(values, 2, { k: 1, maxReference: 3, seed: 4, progress: false });
  assert.equal(sampled.length, 4);
  assert.ok(sampled[3]! >= 8, "the far point stays far from any sample");
  assert.equal(tf.memory().numTensors, before);
});

test("label issues by confident learning: confident elsewhere is flagged, merely unsure is not", () => {
  // Class thresholds: class 0 = mean(0.9, 0.8, 0.1) = 0.6, class 1 = mean(0.9, 0.65) = 0.775. Image 2
  // (label 0) has p1 = 0.9 ≥ 0.775: flagged. Image 4 (label 1) has p1 = 0.65 < 0.775 but p0 = 0.35 < 0.6:
  // unsure, not flagged.
  const probs = Float32Array.from([0.9, 0.1, 0.8, 0.2, 0.1, 0.9, 0.1, 0.9, 0.35, 0.65]);
  const labels = Int32Array.from([0, 0, 0, 1, 1]);
  const issues = confidentLearningIssues(predictionsFrom(probs, labels, 2));
  assert.deepEqual(
    issues.map((i) => [i.index, i.givenLabel, i.suggestedLabel]),
    [[2, 0, 1]],
  );
  assert.ok(Math.abs(issues[0]!.score - 0.9) < 1e-6);
});

test("ExcludedSet reports changes made through the Set API, not those from the view", () => {
  const seen: number[][] = [];
  const set = new ExcludedSet();
  set.onChange((v) => seen.push(v));
  set.add(3).add(1).add(3);
  set.delete(7);
  set.replaceFromView([9]);
  set.addAll([4, 2]);
  set.clear();
  assert.deepEqual(seen, [[3], [1, 3], [2, 4, 9], []]);
});
