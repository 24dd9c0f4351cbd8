import assert from "node:assert/strict";
import { test } from "node:test";
import { ImageDataset } from "../../src/data/image-dataset";
import { stratifiedSubset } from "../../src/data/stratified-subset";
import { DISPLAY_SYMBOL } from "../../src/display/mime";
import { classBalance } from "../../src/inspect/class-balance";

function dataset(counts: number[]): ImageDataset {
  const labels = Int32Array.from(counts.flatMap((n, c) => new Array<number>(n).fill(c)));
  // Interleave classes so subset order is checked against dataset order.
  labels.sort((a, b) => a - b);
  const pixels = Uint8Array.from({ length: labels.length }, (_, i) => i % 256);
  return new ImageDataset({
    pixels,
    height: 1,
    width: 1,
    channels: 1,
    labels,
    classNames: counts.map((_, c) => `c${c}<${c}>`),
  });
}

test("fraction keeps class proportions (largest remainder, at least one per class) and the dataset order", () => {
  const ds = dataset([500, 300, 150, 49, 1]);
  const sub = stratifiedSubset(ds, { fraction: 0.1, seed: 3 });
  assert.deepEqual(sub.classCounts, [50, 30, 15, 5, 1]);
  // Row order follows the parent: labels are non-decreasing as in the parent.
  const labels = [...sub.labels];
  assert.deepEqual(
    labels,
    [...labels].sort((a, b) => a - b),
  );
});

test("same seed, same subset; another seed, another subset; perClass balances", () => {
  const ds = dataset([100, 60, 5]);
  const key = (d: ImageDataset): string =>
    Array.from({ length: d.length }, (_, i) => d.meta(i).path).join(",");
  assert.equal(
    key(stratifiedSubset(ds, { fraction: 0.3, seed: 1 })),
    key(stratifiedSubset(ds, { fraction: 0.3, seed: 1 })),
  );
  assert.notEqual(
    key(stratifiedSubset(ds, { fraction: 0.3, seed: 1 })),
    key(stratifiedSubset(ds, { fraction: 0.3, seed: 2 })),
  );
  assert.deepEqual(stratifiedSubset(ds, { perClass: 10 }).classCounts, [10, 10, 5]);
  assert.equal(stratifiedSubset(ds, { fraction: 1 }).length, ds.length);
});

test("bad options name the problem and the fix", () => {
  const ds = dataset([10, 10]);
  assert.throws(() => stratifiedSubset(ds, {}), /pass exactly one of perClass .* or fraction/);
  assert.throws(() => stratifiedSubset(ds, { perClass: 2, fraction: 0.5 }), /exactly one/);
  assert.throws(() => stratifiedSubset(ds, { fraction: 1.5 }), /fraction must be in \(0, 1\]/);
  assert.throws(() => stratifiedSubset(ds, { perClass: 0 }), /perClass must be a positive integer/);
});

test("the class-balance widget shows before and after side by side, class names escaped", () => {
  const ds = dataset([80, 20]);
  const table = classBalance({ before: ds, after: stratifiedSubset(ds, { perClass: 10 }) });
  assert.deepEqual(table.counts("before"), [80, 20]);
  assert.deepEqual(table.counts("after"), [10, 10]);
  const bundle = table[DISPLAY_SYMBOL]();
  const html = String(bundle["text/html"]);
  assert.ok(html.includes("c0&lt;0&gt;") && !html.includes("c0<0>"));
  assert.match(String(bundle["text/plain"]), /c0<0>\s+80 \(80\.0%\)\s+10 \(50\.0%\)/);
  assert.throws(() => classBalance({ a: ds, b: dataset([1, 1, 1]) }), /other classes/);
});
