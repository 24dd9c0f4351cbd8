import assert from "node:assert/strict";
import { test } from "node:test";
import { bytes, count, diff, fmt, MISSING, pct, shape, share } from "../src";

test("percentages: one dash for a missing value, everywhere", () => {
  assert.equal(pct(0.1234), "12.3%");
  assert.equal(pct(1, 0), "100%");
  assert.equal(pct(null), MISSING);
  assert.equal(pct(Number.NaN), MISSING);
  assert.equal(share(3, 12), "25.0%");
  assert.equal(share(3, 0), MISSING);
});

test("measurements in three significant digits, exponent form when tiny or huge", () => {
  assert.equal(fmt(0), "0");
  assert.equal(fmt(0.012345), "0.0123");
  assert.equal(fmt(1.5e-5), "1.50e-5");
  assert.equal(fmt(123456), "1.23e+5");
  assert.equal(fmt(Infinity), "∞");
  assert.equal(fmt(null), MISSING);
});

test("diffs, counts, sizes and shapes", () => {
  assert.equal(diff(0), "0");
  assert.equal(diff(null), "∞");
  assert.equal(diff(1.5e-7), "1.50e-7");
  assert.equal(count(1234567), "1,234,567");
  assert.equal(bytes(512), "512 B");
  assert.equal(bytes(3 * 1024 + 512), "3.5 KiB");
  assert.equal(bytes(5 * 1024 * 1024), "5.00 MiB");
  assert.equal(shape([]), "scalar");
  assert.equal(shape(["batch", 28, 28, 1]), "batch×28×28×1");
});
