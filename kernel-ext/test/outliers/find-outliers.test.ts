import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { basename } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { loadImageFolder } from "../../src/data/load-image-folder";
import { ImageDataset } from "../../src/data/image-dataset";
import { DISPLAY_SYMBOL } from "../../src/display/mime";
import { collectPredictions } from "../../src/inspect/mispredictions/predictions";
import { computeEmbeddings, embeddingsAndPredictions } from "../../src/outliers/embeddings";
import { findOutliers } from "../../src/outliers/find-outliers";
import {
  DEFAULT_THRESHOLDS,
  ISSUE_KINDS,
  type IssueKind,
  type OutlierIssue,
  type OutlierThresholds,
} from "../../src/outliers/issue-kinds";
import { scannedIssues } from "../../src/outliers/pixel-checks";
import { startPixelChecks } from "../../src/outliers/pixel-checks-job";
import { InterruptedError, runInterruptible } from "../../src/util/interrupt";
import { OutlierReport } from "../../src/outliers/outlier-report";
import { CLASSES, writeModelDataset, writePixelDataset, type PlantedDataset } from "./planted-dataset";

function precisionRecall(
  report: OutlierReport,
  ds: ImageDataset,
  kind: IssueKind,
  planted: Set<string>,
): { precision: number; recall: number; detail: string } {
  const flagged = new Set(report.byKind(kind).map((issue) => basename(ds.meta(issue.index).path)));
  const hits = [...flagged].filter((name) => planted.has(name)).length;
  const detail =
    `${kind}: flagged ${flagged.size}, planted ${planted.size}; false: ${[...flagged].filter((n) => !planted.has(n)).join(", ")}; ` +
    `missed: ${[...planted].filter((n) => !flagged.has(n)).join(", ")}`;
  return {
    precision: flagged.size ? hits / flagged.size : 0,
    recall: planted.size ? hits / planted.size : 1,
    detail,
  };
}

let pixelData: PlantedDataset;
let modelData: PlantedDataset;

before(async () => {
  await tf.setBackend("cpu");
  [pixelData, modelData] = await Promise.all([writePixelDataset(), writeModelDataset()]);
});
after(async () => {
  await Promise.all([pixelData?.cleanup(), modelData?.cleanup()]);
});

const PIXEL_KINDS: IssueKind[] = [
  "dark",
  "light",
  "blurry",
  "low_information",
  "noisy",
  "odd_aspect_ratio",
  "odd_size",
  "grayscale",
  "exact_duplicate",
  "near_duplicate",
];

test("at default thresholds every pixel and metadata detector finds its planted images (precision and recall ≥ 0.9)", async () => {
  const ds = await loadImageFolder(pixelData.dir, { size: 32, progress: false });
  const before = tf.memory().numTensors;
  const report = await findOutliers(ds, { progress: false });
  assert.equal(tf.memory().numTensors, before, "findOutliers leaves no tensors");
  for (const kind of PIXEL_KINDS) {
    const { precision, recall, detail } = precisionRecall(report, ds, kind, pixelData.planted.get(kind)!);
    assert.ok(precision >= 0.9 && recall >= 0.9, detail);
  }
  // Duplicates point at the original, which stays unflagged.
  for (const issue of report.byKind("exact_duplicate")) {
    assert.ok(issue.duplicateOf! < issue.index);
    assert.deepEqual(ds.pixels(issue.index), ds.pixels(issue.duplicateOf!));
  }
  assert.deepEqual(
    report.skippedChecks.map((s) => s.kind).sort(),
    ["embedding_outlier", "low_confidence"],
    "model checks are skipped without a model, with a reason",
  );
});

test("embedding outliers and label errors are found with a small trained model (precision and recall ≥ 0.9)", async () => {
  const ds = await loadImageFolder(modelData.dir, { size: 16, progress: false });
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [16, 16, 3] }),
      tf.layers.dense({
        units: 32,
        activation: "relu",
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({
        units: CLASSES.length,
        activation: "softmax",
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.01), loss: "sparseCategoricalCrossentropy" });
  // Trained out of sample, on the images nobody planted, as a model should be for these checks (a model
  // that saw the label errors learns to agree with them, which hides them).
  const clean = ds.subset(
    Array.from({ length: ds.length }, (_, i) => i).filter((i) => !basename(ds.meta(i).path).startsWith("p_")),
  );
  const x = clean.images();
  const y = tf.tensor1d(clean.labels, "float32");
  await model.fit(x, y, { epochs: 15, batchSize: 32, shuffle: false, verbose: 0 });
  tf.dispose([x, y]);

  const before = tf.memory().numTensors;
  const report = await findOutliers(ds, {
    model,
    checks: ["embedding_outlier", "low_confidence"],
    progress: false,
  });
  const predictions = await collectPredictions(model, ds, { progress: false });
  assert.equal(tf.memory().numTensors, before, "findOutliers and collectPredictions leave no tensors");
  for (const kind of ["embedding_outlier", "low_confidence"] as const) {
    const { precision, recall, detail } = precisionRecall(report, ds, kind, modelData.planted.get(kind)!);
    assert.ok(precision >= 0.9 && recall >= 0.9, detail);
  }
  // With a model, embeddings and predictions come from one forward pass: the same findings and scores as
  // from the two computed separately and given.
  const embeddings = await computeEmbeddings(model, ds, { progress: false });
  const separate = await findOutliers(ds, {
    embeddings,
    predictions,
    checks: ["embedding_outlier", "low_confidence"],
    progress: false,
  });
  assert.deepEqual(report.issues, separate.issues);
  for (const kind of ["embedding_outlier", "low_confidence"] as const)
    assert.deepEqual(report.scores(kind), separate.scores(kind), kind);
  // Given predictions and embeddings, no model is needed and the findings agree.
  const model2 = await findOutliers(ds, { predictions, checks: ["low_confidence"], progress: false });
  const planted = modelData.planted.get("low_confidence")!;
  assert.ok(
    model2.byKind("low_confidence").filter((i) => planted.has(basename(ds.meta(i.index).path))).length >= 9,
    "label errors are found from predictions alone",
  );
  model.dispose();
});

test("embeddingsAndPredictions gives computeEmbeddings' and collectPredictions' values from one pass", async () => {
  const ds = await loadImageFolder(modelData.dir, { size: 16, progress: false });
  const seeded = (seed: number) => tf.initializers.glorotUniform({ seed });
  // Logits out (no softmax): the predictions' softmax and the layer choice are exercised too.
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [16, 16, 3], filters: 4, kernelSize: 3, kernelInitializer: seeded(3) }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 8, activation: "relu", kernelInitializer: seeded(4) }),
      tf.layers.dense({ units: CLASSES.length, kernelInitializer: seeded(5) }),
    ],
  });
  const before = tf.memory().numTensors;
  for (const embeddingLayer of [undefined, 1, -1]) {
    const options = { embeddingLayer, batchSize: 7, progress: false };
    const { embeddings, predictions } = await embeddingsAndPredictions(model, ds, options);
    const alone = await computeEmbeddings(model, ds, options);
    assert.deepEqual(embeddings, alone, `embeddingLayer ${embeddingLayer}`);
    assert.deepEqual(predictions, await collectPredictions(model, ds, options));
    assert.equal(predictions.probs.length, ds.length * CLASSES.length);
  }
  assert.equal(tf.memory().numTensors, before, "no tensor outlives the calls");
  model.dispose();
});

test("thresholds and checks are overridable; unknown names get an error listing the valid ones", async () => {
  const ds = await loadImageFolder(pixelData.dir, { size: 32, progress: false });
  const strict = await findOutliers(ds, { checks: ["dark"], thresholds: { dark: 0.05 }, progress: false });
  assert.equal(strict.byKind("dark").length, 0, "no planted dark image is that dark");
  assert.deepEqual(Object.keys(strict.counts), ["dark"]);
  await assert.rejects(
    findOutliers(ds, { checks: ["dusty" as IssueKind] }),
    /unknown check "dusty"; checks: dark, light/,
  );
  await assert.rejects(
    findOutliers(ds, { thresholds: { darkness: 1 } as never }),
    /no threshold "darkness"; thresholds: dark/,
  );
});

test("excluded stays in sync with the widget state both ways, and clean() drops the excluded images", async () => {
  const ds = await loadImageFolder(pixelData.dir, { size: 32, progress: false });
  const report = await findOutliers(ds, { checks: ["dark", "exact_duplicate"], progress: false });
  const dark = report
    .byKind("dark")
    .map((i) => i.index)
    .sort((a, b) => a - b);
  report.excludeKinds("dark");
  assert.deepEqual(
    [...report.excluded].sort((a, b) => a - b),
    dark,
  );
  const html = String(report[DISPLAY_SYMBOL]()["text/html"]);
  assert.match(html, new RegExp(`${dark.length} images excluded`));
  report.excluded.delete(dark[0]!);
  assert.equal(report.clean().length, ds.length - dark.length + 1);
  assert.match(report.toString(), /dark\s+8/);
});

/** The captions of an outlier report's thumbnails, in its static HTML. */
function reportCaptions(
  ds: ImageDataset,
  issues: OutlierIssue[],
  thresholds: Readonly<OutlierThresholds>,
): (string | undefined)[] {
  const report = new OutlierReport({
    ds,
    issues,
    thresholds,
    checked: [...new Set(issues.map((i) => i.kind))],
    skipped: [],
    scores: new Map(),
    pageSize: 24,
    title: "captions",
  });
  const html = String(report[DISPLAY_SYMBOL]()["text/html"]);
  return [...html.matchAll(/<figcaption[^>]*>([^<]*)<\/figcaption>/g)].map((m) => m[1]);
}

test("a thumbnail's caption names its file and the image's other issues, so each issue shows once", async () => {
  const ds = await loadImageFolder(pixelData.dir, { size: 32, progress: false });
  const found = await findOutliers(ds, { checks: ["dark", "blurry"], progress: false });
  // Image 0 flagged twice, image 1 once.
  const captions = reportCaptions(
    ds,
    [
      { index: 0, kind: "dark", score: 0.9 },
      { index: 0, kind: "blurry", score: 0.4 },
      { index: 1, kind: "dark", score: 0.8 },
    ],
    found.thresholds,
  );
  const [first, second] = [0, 1].map((i) => basename(ds.meta(i).path));
  assert.deepEqual(captions, [`${first} · also blurry`, second, `${first} · also dark`]);
});

test("an image of an archive (Fashion-MNIST's IDX files) is captioned by its row, not the archive's name", () => {
  const ds = new ImageDataset({
    pixels: new Uint8Array(3 * 4 * 4),
    height: 4,
    width: 4,
    channels: 1,
    labels: Int32Array.from([0, 1, 0]),
    classNames: ["a", "b"],
    source: { path: "/usr/share/fashion-mnist/t10k-images-idx3-ubyte.gz", format: "idx" },
  }).subset([2, 0]);
  const captions = reportCaptions(
    ds,
    [
      { index: 0, kind: "dark", score: 0.9 },
      { index: 1, kind: "exact_duplicate", score: 1, duplicateOf: 0 },
    ],
    DEFAULT_THRESHOLDS,
  );
  // The rows of the file (2 and 0), as a reader of the original data finds them.
  assert.deepEqual(captions, ["#2", "#0 (copy of #2)"]);
});

test("with model work to do, the pixel checks run on a worker thread and find the same as on the main thread", async () => {
  const ds = await loadImageFolder(pixelData.dir, { size: 32, progress: false });
  const run = new Set(ISSUE_KINDS);
  const job = startPixelChecks(ds, DEFAULT_THRESHOLDS, run, { progress: false });
  assert.ok(job, "a worker starts for a dataset this small");
  const inWorker = await job.results;
  assert.equal(job.thread(), "worker", "the worker ran the checks (no fallback to the main thread)");
  const here = await scannedIssues(ds, ds.labels, ds.classNames.length, DEFAULT_THRESHOLDS, run, {
    progress: false,
  });
  assert.deepEqual(inWorker, here);
  assert.ok(inWorker[0]!.issues.length > 0 && inWorker[1]!.issues.length > 0, "both results hold issues");

  // Interrupting the cell stops the worker: the results reject with an InterruptedError.
  const cell = new AbortController();
  const stopped = runInterruptible(cell.signal, () =>
    startPixelChecks(ds, DEFAULT_THRESHOLDS, run, { progress: false }),
  );
  cell.abort();
  await assert.rejects(stopped!.results, InterruptedError);

  // findOutliers with a model (pixel checks on the worker) reports what it reports without one, plus the
  // model checks.
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: ds.imageShape }),
      tf.layers.dense({ units: 8, activation: "relu" }),
      tf.layers.dense({ units: ds.classNames.length, activation: "softmax" }),
    ],
  });
  const before = tf.memory().numTensors;
  const withModel = await findOutliers(ds, { model, progress: false });
  const without = await findOutliers(ds, { progress: false });
  assert.equal(tf.memory().numTensors, before, "findOutliers leaves no tensors");
  const modelKinds = new Set<IssueKind>(["embedding_outlier", "low_confidence"]);
  assert.deepEqual(
    withModel.issues.filter((i) => !modelKinds.has(i.kind)),
    without.issues,
  );
  for (const kind of PIXEL_KINDS) assert.deepEqual(withModel.scores(kind), without.scores(kind), kind);
  assert.deepEqual(withModel.skippedChecks, []);
  model.dispose();
});
