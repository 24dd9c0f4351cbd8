// The fast paths of the outlier checks against plain reference implementations: k-NN distances (blocked
// product on a tfjs backend, JavaScript loop on cpu) against brute force, the multi-index near-duplicate
// search against all pairs, and the one-pass image meter against per-statistic loops.
import assert from "node:assert/strict";
import { test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../../src/backend";
import { nearDuplicates } from "../../src/outliers/duplicates";
import { resampleArea, toGray } from "../../src/outliers/gray";
import { ImageMeter, laplacianSharpness } from "../../src/outliers/image-stats";
import { knnDistances } from "../../src/outliers/knn";
import { popcount32 } from "../../src/outliers/perceptual-hash";
import { seededRandom } from "../../src/util/random";

/** Mean distance to the k nearest other rows, by brute force in float64. */
function bruteKnn(values: Float32Array, dim: number, k: number): Float64Array {
  const n = values.length / dim;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d: number[] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let s = 0;
      for (let c = 0; c < dim; c++) s += (values[i * dim + c]! - values[j * dim + c]!) ** 2;
      d.push(Math.sqrt(s));
    }
    d.sort((a, b) => a - b);
    out[i] = d.slice(0, k).reduce((a, b) => a + b, 0) / k;
  }
  return out;
}

function clusteredRows(n: number, dim: number, seed: number): Float32Array {
  const random = seededRandom(seed);
  const centres = Array.from({ length: 5 }, () =>
    Float32Array.from({ length: dim }, () => 50 + random() * 10),
  );
  const values = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const spread = i % 97 === 0 ? 6 : 0.5;
    for (let c = 0; c < dim; c++) values[i * dim + c] = centres[i % 5]![c]! + (random() - 0.5) * spread;
  }
  // Exact copies: their distance 0 must count once, and a row's own zero distance not at all.
  values.copyWithin(3 * dim, 8 * dim, 9 * dim);
  return values;
}

for (const backend of ["cpu", "wasm"] as const) {
  test(`k-NN distances on the ${backend} backend equal brute force (offset data, exact copies, odd dim)`, async () => {
    await initBackend(backend);
    try {
      for (const dim of [7, 32]) {
        const values = clusteredRows(600, dim, dim);
        const before = tf.memory().numTensors;
        const fast = await knnDistances(values, dim, { k: 5, progress: false });
        assert.equal(tf.memory().numTensors, before, "no tensors left");
        const slow = bruteKnn(values, dim, 5);
        for (let i = 0; i < slow.length; i++) {
          assert.ok(
            Math.abs(fast[i]! - slow[i]!) <= 1e-5 * Math.max(1, slow[i]!),
            `row ${i}: ${fast[i]} vs ${slow[i]}`,
          );
        }
      }
    } finally {
      await tf.setBackend("cpu");
    }
  });
}

test("k-NN distances read in place on the wasm heap over several blocks equal the cpu backend's", async () => {
  // 20,000 queries against a sampled reference of 500: blocks of 8,388 queries, so 3 products whose
  // scores are read in place, each after the next one's allocation may have grown the heap.
  const values = clusteredRows(20_000, 8, 11);
  const options = { k: 5, maxReference: 500, seed: 4, progress: false };
  await initBackend("wasm");
  let onWasm: Float32Array;
  try {
    const before = tf.memory().numTensors;
    onWasm = await knnDistances(values, 8, options);
    assert.equal(tf.memory().numTensors, before, "no tensors left");
  } finally {
    await tf.setBackend("cpu");
  }
  const onCpu = await knnDistances(values, 8, options);
  for (let i = 0; i < onCpu.length; i++) {
    assert.ok(
      Math.abs(onWasm[i]! - onCpu[i]!) <= 1e-5 * Math.max(1, onCpu[i]!),
      `row ${i}: ${onWasm[i]} vs ${onCpu[i]}`,
    );
  }
});

test("the multi-index near-duplicate search finds what comparing all pairs finds", () => {
  const random = seededRandom(3);
  const n = 1500;
  // Clustered hashes (as real ones are): a few hundred centres, each copied with a few bits flipped.
  const centres = Array.from({ length: 300 }, () => [(random() * 2 ** 32) >>> 0, (random() * 2 ** 32) >>> 0]);
  const hashes = new Uint32Array(2 * n);
  for (let i = 0; i < n; i++) {
    let [high, low] = centres[Math.floor(random() * centres.length)]!;
    const flips = Math.floor(random() * 12);
    for (let f = 0; f < flips; f++) {
      const bit = Math.floor(random() * 64);
      if (bit < 32) high = (high! ^ (1 << bit)) >>> 0;
      else low = (low! ^ (1 << (bit - 32))) >>> 0;
    }
    hashes[2 * i] = high!;
    hashes[2 * i + 1] = low!;
  }
  const candidates = Array.from({ length: n }, (_, i) => i).filter((i) => i % 11 !== 0);
  const distance = (i: number, j: number): number =>
    popcount32((hashes[2 * i]! ^ hashes[2 * j]!) >>> 0) +
    popcount32((hashes[2 * i + 1]! ^ hashes[2 * j + 1]!) >>> 0);
  for (const maxDistance of [0, 1, 3, 8, 13]) {
    // Reference: every pair, union-find by hand, closest confirmed distance per image.
    const confirm = (i: number, j: number): boolean => (i * 7 + j) % 5 !== 0;
    const parent = Array.from({ length: n }, (_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
    const closest = new Map<number, number>();
    for (const [a, i] of candidates.entries()) {
      for (const j of candidates.slice(a + 1)) {
        const d = distance(i, j);
        if (d > maxDistance || !confirm(i, j)) continue;
        const [ri, rj] = [find(i), find(j)];
        if (ri !== rj) parent[Math.max(ri, rj)] = Math.min(ri, rj);
        closest.set(i, Math.min(closest.get(i) ?? Infinity, d));
        closest.set(j, Math.min(closest.get(j) ?? Infinity, d));
      }
    }
    const expected = [...closest]
      .filter(([i]) => find(i) !== i)
      .map(([index, d]) => ({ index, duplicateOf: find(index), distance: d }))
      .sort((a, b) => a.index - b.index);
    assert.ok(expected.length > 0 || maxDistance === 0);
    assert.deepEqual(
      nearDuplicates(hashes, candidates, maxDistance, confirm),
      expected,
      `maxDistance ${maxDistance}`,
    );
  }
});

test("the one-pass image meter gives the statistics computed one by one", () => {
  const random = seededRandom(9);
  for (const [w, h, c] of [
    [28, 28, 1],
    [40, 30, 3],
    [512, 384, 3],
    [224, 224, 3],
    [200, 150, 1],
    [100, 70, 3],
    [300, 17, 4],
  ] as const) {
    const pixels = new Uint8Array(w * h * c);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        for (let k = 0; k < c; k++) {
          const edge = x > w / 3 && y < h / 2 ? 90 : 0;
          pixels[(y * w + x) * c + k] = Math.min(
            255,
            Math.floor(60 + edge + k * 20 + random() * 40 + (x % 9 === 0 ? 30 : 0)),
          );
        }
      }
    }
    const meter = new ImageMeter(w, h, c);
    const { stats, small, smallWidth, smallHeight } = meter.measure(pixels, { width: w, height: h });
    const gray = toGray(pixels, c);
    // Histogram statistics at full resolution.
    const hist = new Array<number>(256).fill(0);
    for (const v of gray) hist[Math.min(255, Math.round(v))]! += 1;
    const n = w * h;
    let entropy = 0;
    for (const count of hist) if (count) entropy -= (count / n) * Math.log2(count / n);
    const percentile = (p: number): number => {
      let cumulative = 0;
      return hist.findIndex((count) => (cumulative += count) >= p * n) / 255;
    };
    let chroma = 0;
    if (c >= 3) {
      for (let i = 0; i < n; i++) {
        const px = [pixels[i * c]!, pixels[i * c + 1]!, pixels[i * c + 2]!];
        chroma += Math.max(...px) - Math.min(...px);
      }
      chroma /= n * 255;
    }
    const label = `${w}×${h}×${c}`;
    assert.ok(Math.abs(stats.entropy - entropy) < 0.02, `${label} entropy ${stats.entropy} vs ${entropy}`);
    assert.ok(Math.abs(stats.brightP99 - percentile(0.99)) <= 1 / 255 + 1e-9, `${label} p99`);
    assert.ok(Math.abs(stats.brightP5 - percentile(0.05)) <= 1 / 255 + 1e-9, `${label} p5`);
    assert.ok(Math.abs(stats.chroma - chroma) < 1e-9, `${label} chroma`);
    // The small image is the area average of the gray image, at most 64 a side.
    assert.ok(
      Math.max(smallWidth, smallHeight) <= 64 &&
        Math.max(smallWidth, smallHeight) >= Math.min(32, Math.max(w, h)),
    );
    const reference = resampleArea(gray, w, h, smallWidth, smallHeight);
    for (let i = 0; i < reference.length; i++) {
      assert.ok(
        Math.abs(small[i]! - reference[i]!) < 0.05,
        `${label} small[${i}] ${small[i]} vs ${reference[i]}`,
      );
    }
    const sharpness = laplacianSharpness(reference, smallWidth, smallHeight);
    assert.ok(Math.abs(stats.sharpness - sharpness) < 1e-3 * sharpness, `${label} sharpness`);
  }
});
