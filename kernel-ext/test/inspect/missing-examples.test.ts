import assert from "node:assert/strict";
import { test } from "node:test";
import { initBackend, tf } from "../../src/backend";
import { ImageDataset } from "../../src/data/image-dataset";
import { DISPLAY_SYMBOL } from "../../src/display/mime";
import { analyseMissingExamples } from "../../src/inspect/missing-examples/missing-examples";
import { missingExamples } from "../../src/inspect/missing-examples/missing-examples-view";
import { seededRandom } from "../../src/util/random";

const SIDE = 12;
type Kind = "hstripes" | "cross" | "vstripes" | "checker";

/** Class 0 is horizontal stripes or (its rarer sub-type) a cross; class 1 vertical stripes; class 2 a checkerboard. */
function draw(kind: Kind, random: () => number): Uint8Array {
  const img = new Uint8Array(SIDE * SIDE);
  const phase = Math.floor(random() * 2);
  const cx = 3 + Math.floor(random() * 6);
  const cy = 3 + Math.floor(random() * 6);
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const on =
        kind === "hstripes"
          ? (y + phase) % 3 === 0
          : kind === "vstripes"
            ? (x + phase) % 3 === 0
            : kind === "checker"
              ? (Math.floor(x / 2) + Math.floor(y / 2) + phase) % 2 === 0
              : x === cx || y === cy;
      img[y * SIDE + x] = Math.max(0, Math.min(255, (on ? 200 : 30) + Math.round((random() - 0.5) * 60)));
    }
  }
  return img;
}

function dataset(
  kinds: Kind[],
  seed: number,
  relabel: ReadonlyMap<number, number> = new Map(),
): ImageDataset {
  const random = seededRandom(seed);
  const pixels = new Uint8Array(kinds.length * SIDE * SIDE);
  kinds.forEach((kind, i) => pixels.set(draw(kind, random), i * SIDE * SIDE));
  const label = { hstripes: 0, cross: 0, vstripes: 1, checker: 2 };
  return new ImageDataset({
    pixels,
    height: SIDE,
    width: SIDE,
    channels: 1,
    labels: Int32Array.from(kinds, (k, i) => relabel.get(i) ?? label[k]),
    classNames: ["horizontal", "vertical", "checker"],
  });
}

test("a sub-type missing from training comes out as the least covered error cluster", async () => {
  await initBackend("wasm");
  // Training: no crosses at all. Test: every kind, crosses included.
  const train = dataset(
    Array.from({ length: 300 }, (_, i) => (["hstripes", "vstripes", "checker"] as const)[i % 3]!),
    1,
  );
  const testKinds = Array.from(
    { length: 240 },
    (_, i) => (["hstripes", "cross", "vstripes", "checker"] as const)[i % 4]!,
  );
  // Errors of another sort too: 20 checkerboards carry a wrong label in the test set. The model is right
  // about them and training covers them densely: they must not look like missing examples.
  const mislabelled = new Map(
    testKinds
      .flatMap((k, i) => (k === "checker" ? [i] : []))
      .slice(0, 20)
      .map((i) => [i, 1] as const),
  );
  const test_ = dataset(testKinds, 2, mislabelled);
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [SIDE, SIDE, 1] }),
      tf.layers.dense({
        units: 24,
        activation: "relu",
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({
        units: 3,
        activation: "softmax",
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: "sparseCategoricalCrossentropy" });
  const xs = train.images();
  const ys = tf.tensor2d(Float32Array.from(train.labels), [train.length, 1]);
  await model.fit(xs, ys, { epochs: 15, batchSize: 32, shuffle: false, verbose: 0 });
  tf.dispose([xs, ys]);

  const before = tf.memory().numTensors;
  const result = await analyseMissingExamples(model, train, test_, { progress: false });
  assert.equal(tf.memory().numTensors, before, "no tensors left");
  const crosses = new Set(testKinds.flatMap((k, i) => (k === "cross" ? [i] : [])));
  const crossErrors = result.clusters.flatMap((c) => c.errors).filter((i) => crosses.has(i));
  assert.ok(crossErrors.length >= 15, `the model gets crosses wrong (${crossErrors.length} of 60)`);
  const clusterOf = (c: (typeof result.clusters)[number]): { crosses: number; checkers: number } => ({
    crosses: c.errors.filter((i) => crosses.has(i)).length / c.errors.length,
    checkers: c.errors.filter((i) => mislabelled.has(i)).length / c.errors.length,
  });
  const first = result.clusters[0]!;
  const summary = result.clusters
    .map(
      (c) =>
        `${c.errors.length} errors, ${(clusterOf(c).crosses * 100).toFixed(0)} % crosses, coverage ${c.coverage.toFixed(2)}`,
    )
    .join("; ");
  assert.ok(clusterOf(first).crosses >= 0.8, "the least covered cluster is crosses");
  assert.equal(first.actual, 0, "their actual class is 'horizontal'");
  for (const cluster of result.clusters) {
    const { crosses: c, checkers: k } = clusterOf(cluster);
    if (c >= 0.8) assert.ok(cluster.coverage < 0.3, `crosses: coverage ${cluster.coverage.toFixed(2)}`);
    if (k >= 0.8)
      assert.ok(cluster.coverage >= 0.5, `mislabelled checkers: coverage ${cluster.coverage.toFixed(2)}`);
  }
  const lacking = result.clusters.filter((c) => c.coverage < 0.1).flatMap((c) => c.errors);
  assert.ok(
    lacking.filter((i) => crosses.has(i)).length >= 0.8 * crossErrors.length,
    `the poorly covered clusters hold the cross errors: ${summary}`,
  );
  assert.ok(
    result.clusters.some((c) => clusterOf(c).checkers >= 0.8),
    "the mislabelled checkerboards form their own cluster",
  );
  assert.equal(first.nearestTrain.length, 6);
  for (const n of first.nearestTrain) assert.equal(n.label, train.label(n.index));
  const widget = await missingExamples(model, train, test_, { progress: false });
  assert.equal(widget.clusters.length, result.clusters.length);
  const html = String(widget[DISPLAY_SYMBOL]()["text/html"]);
  assert.match(html, /cluster 1: coverage 0\.0\d · error #\d+: horizontal → (vertical|checker)/);
  assert.match(html, /train #\d+: (horizontal|vertical|checker) \(d \d\.\d\d\)/);
  assert.match(String(widget), /errors in \d+ clusters \(least covered first\)/);
  assert.equal(tf.memory().numTensors, before, "no tensors left");
  model.dispose();
});
