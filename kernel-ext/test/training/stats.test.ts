import assert from "node:assert/strict";
import { test } from "node:test";
import { HISTOGRAM_SAMPLE, LOG_RANGE, tensorStats } from "../../src/training/stats";

test("a large tensor's summary is exact and its strided histogram matches the full one", () => {
  const n = HISTOGRAM_SAMPLE * 7 + 123;
  const values = new Float32Array(n);
  // Deterministic spread over 8 decades, with zeros and a NaN.
  for (let i = 0; i < n; i++) values[i] = (i % 3 === 0 ? -1 : 1) * 10 ** (-6 + ((i * 7919) % 8000) / 1000);
  values[5] = 0;
  values[11] = NaN;
  const stats = tensorStats(values, 16, "log10abs");
  let sumSq = 0;
  for (const v of values) if (Number.isFinite(v)) sumSq += v * v;
  assert.equal(stats.count, n);
  assert.equal(stats.nonFinite, 1);
  assert.ok(Math.abs(stats.norm - Math.sqrt(sumSq)) <= 1e-9 * Math.sqrt(sumSq), "norm over every value");
  const total = stats.histogram.counts.reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(total - (n - 2)) / n < 0.01, `scaled counts ${total} ≈ ${n - 2}`);
  // The exact histogram, for comparison.
  const exact = new Array<number>(16).fill(0);
  for (const v of values) {
    const a = Math.abs(v);
    if (a === 0 || !Number.isFinite(a)) continue;
    const width = (LOG_RANGE[1] - LOG_RANGE[0]) / 16;
    exact[Math.max(0, Math.min(15, Math.floor((Math.log10(a) - LOG_RANGE[0]) / width)))]! += 1;
  }
  stats.histogram.counts.forEach((c, b) =>
    assert.ok(Math.abs(c - exact[b]!) / n < 0.01, `bin ${b}: ${c} vs ${exact[b]}`),
  );
});

test("a small tensor's histogram counts every value", () => {
  const stats = tensorStats(Float32Array.from([0, 1e-3, -2, 5, Infinity]), 8, "linear");
  assert.equal(
    stats.histogram.counts.reduce((a, b) => a + b, 0),
    4,
  );
});

test("a vanished layer's gradients (|g| ≈ 1e-13) land in their own bin, not the lowest one", () => {
  const stats = tensorStats(Float32Array.from([2e-13, -2.5e-13, 3e-13, 1e-21]), 48, "log10abs");
  const { edges, counts } = stats.histogram;
  const binOf = (x: number): number =>
    edges.findIndex((e, i) => i < counts.length && x >= e && x < edges[i + 1]!);
  const b = binOf(Math.log10(2.5e-13));
  assert.ok(b > 0, `bin ${b} of [${edges[0]}, ${edges[edges.length - 1]}]`);
  assert.equal(counts[b], 3, "the three 1e-13 values share their half-decade bin");
  assert.equal(counts[0], 1, "only what is below 1e-20 is counted in the lowest bin");
  assert.ok(edges[0]! <= -20 && edges[edges.length - 1]! >= 4);
});
