import assert from "node:assert/strict";
import { test } from "node:test";
import { initBackend, tf } from "../../src/backend";
import { ImageDataset } from "../../src/data/image-dataset";
import { splitDataset, stratifiedFolds } from "../../src/data/split-dataset";
import { crossValPredictions } from "../../src/inspect/mispredictions/cross-val-predictions";
import { predictionsFrom } from "../../src/inspect/mispredictions/predictions";
import { DISPLAY_SYMBOL } from "../../src/display/mime";
import type { JsonObject } from "../../src/kernel/messages";
import { confidentLearningIssues, labelScores, type LabelIssue } from "../../src/outliers/confident-learning";
import { findLabelIssues } from "../../src/outliers/label-issue-report";
import { seededRandom } from "../../src/util/random";
import { widgetSession } from "../comm/recording-manager";

/** `counts[c]` images of class c; each image is 1×1 and its pixel is its own index (mod 256). */
function dataset(counts: number[]): ImageDataset {
  const labels = Int32Array.from(counts.flatMap((n, c) => new Array<number>(n).fill(c)));
  return new ImageDataset({
    pixels: Uint8Array.from(labels, (_, i) => i % 256),
    height: 1,
    width: 1,
    channels: 1,
    labels,
    classNames: counts.map((_, c) => `class ${c}`),
    source: { path: "mem", format: "raw" },
  });
}

const paths = (d: ImageDataset): string[] => Array.from({ length: d.length }, (_, i) => d.meta(i).path);

test("splitDataset: disjoint parts covering every image, per-class shares, deterministic by seed", () => {
  const ds = dataset([500, 300, 150, 49, 1]);
  const { train, validation } = splitDataset(ds, { validation: 0.2, seed: 7 });
  assert.equal(train.length + validation.length, ds.length);
  const all = new Set([...paths(train), ...paths(validation)]);
  assert.equal(all.size, ds.length, "the parts overlap");
  assert.deepEqual(validation.classCounts, [100, 60, 30, 10, 0]);
  assert.deepEqual(paths(splitDataset(ds, { validation: 0.2, seed: 7 }).validation), paths(validation));
  assert.notDeepEqual(paths(splitDataset(ds, { validation: 0.2, seed: 8 }).validation), paths(validation));
  assert.equal(splitDataset(ds, { validation: 100, stratified: false, seed: 1 }).validation.length, 100);
  assert.throws(
    () => splitDataset(ds, { validation: 1.5 }),
    /validation must be a share in \(0, 1\) or a count/,
  );
  assert.throws(
    () => splitDataset(ds, { validation: 0 }),
    /e\.g\. splitDataset\(ds, \{ validation: 0\.2 \}\)/,
  );
});

test("stratifiedFolds: every class spread evenly over the folds", () => {
  const ds = dataset([41, 20, 3]);
  const fold = stratifiedFolds(ds, 4, 1);
  for (let c = 0; c < 3; c++) {
    const sizes = [0, 0, 0, 0];
    ds.labels.forEach((y, i) => y === c && (sizes[fold[i] as number]! += 1));
    assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `class ${c}: ${sizes}`);
  }
  const sizes = [0, 0, 0, 0];
  for (const f of fold) sizes[f]! += 1;
  assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `fold sizes ${sizes}`);
  assert.throws(() => stratifiedFolds(ds, 1), /folds must be an integer in \[2, 64\]/);
});

test("confident learning finds planted label flips, suggests the true class, and leaves hard images alone", () => {
  // 3 classes, 300 images: a model that is right and fairly sure about the true class; 30 labels flipped.
  const random = seededRandom(3);
  const n = 300;
  const truth = Int32Array.from({ length: n }, (_, i) => i % 3);
  const given = Int32Array.from(truth);
  const flipped = new Set<number>();
  const ambiguous = (i: number): boolean => i % 15 === 1;
  while (flipped.size < 30) {
    const i = Math.floor(random() * n);
    if (!ambiguous(i)) flipped.add(i);
  }
  for (const i of flipped) given[i] = ((truth[i] as number) + 1 + Math.floor(random() * 2)) % 3;
  const probs = new Float32Array(n * 3);
  for (let i = 0; i < n; i++) {
    // 20 images the model is unsure about (ambiguous): they are not label errors.
    const sure = ambiguous(i) ? 0.4 : 0.6 + 0.35 * random();
    for (let c = 0; c < 3; c++) probs[i * 3 + c] = c === truth[i] ? sure : (1 - sure) / 2;
  }
  const predictions = predictionsFrom(probs, given, 3);
  const issues = confidentLearningIssues(predictions);
  const found = new Set(issues.map((x) => x.index));
  const hits = [...found].filter((i) => flipped.has(i)).length;
  assert.ok(hits / found.size >= 0.9, `precision ${hits}/${found.size}`);
  assert.ok(hits / flipped.size >= 0.9, `recall ${hits}/${flipped.size}`);
  for (const issue of issues) {
    if (!flipped.has(issue.index)) continue;
    assert.equal(issue.givenLabel, given[issue.index]);
    assert.equal(issue.suggestedLabel, truth[issue.index]);
  }
  assert.deepEqual(
    issues.map((x) => x.score),
    [...issues.map((x) => x.score)].sort((a, b) => b - a),
    "issues come worst first",
  );
  const scores = labelScores(predictions);
  assert.equal(scores.length, n);
  assert.ok(Math.abs((scores[0] as number) - (1 - (probs[given[0] as number] as number))) < 1e-6);
});

/** Two classes told apart by brightness: a dense model learns it in a few epochs. */
function brightnessDataset(n: number, flip: Set<number>): { ds: ImageDataset; truth: Int32Array } {
  const random = seededRandom(11);
  const size = 4 * 4;
  const pixels = new Uint8Array(n * size);
  const truth = Int32Array.from({ length: n }, (_, i) => i % 2);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < size; j++) pixels[i * size + j] = truth[i] ? 150 + random() * 100 : random() * 100;
  }
  const labels = Int32Array.from(truth, (y, i) => (flip.has(i) ? 1 - y : y));
  const ds = new ImageDataset({
    pixels,
    height: 4,
    width: 4,
    channels: 1,
    labels,
    classNames: ["dark", "bright"],
  });
  return { ds, truth };
}

function makeModel(loss = "categoricalCrossentropy"): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [4, 4, 1] }),
      tf.layers.dense({
        units: 8,
        activation: "relu",
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({
        units: 2,
        activation: "softmax",
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.05), loss });
  return model;
}

test("crossValPredictions: each image predicted by a model that never trained on it; flips found; no leak", async () => {
  await initBackend("wasm");
  const flip = new Set([3, 17, 40, 77, 101]);
  const { ds, truth } = brightnessDataset(120, flip);
  const trainedOn: Set<string>[] = [];
  const before = tf.memory().numTensors;
  const oof = await crossValPredictions(makeModel, ds, {
    folds: 4,
    seed: 2,
    progress: false,
    fit: async (model, train) => {
      trainedOn.push(new Set(paths(train)));
      const xs = train.images();
      const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(train.labels, "int32"), 2));
      await model.fit(xs, ys, { epochs: 30, batchSize: 32, shuffle: false, verbose: 0 });
      tf.dispose([xs, ys]);
    },
  });
  assert.equal(tf.memory().numTensors, before, "tensors leaked across folds");
  assert.equal(trainedOn.length, 4);
  const all = paths(ds);
  for (let i = 0; i < ds.length; i++) {
    const k = oof.fold[i] as number;
    assert.ok(
      !(trainedOn[k] as Set<string>).has(all[i] as string),
      `image ${i} was in its own model's training set`,
    );
    assert.equal((trainedOn[k] as Set<string>).size, ds.length - oof.fold.filter((f) => f === k).length);
  }
  assert.deepEqual([...oof.labels], [...ds.labels]);
  // Out-of-fold, the flipped images are predicted as their true class: the model never saw their wrong label.
  for (const i of flip) assert.equal(oof.predicted[i], truth[i], `image ${i}`);
  const issues = confidentLearningIssues(oof);
  assert.deepEqual(new Set(issues.map((x) => x.index)), flip);
});

test("crossValPredictions: model.fit arguments with targets made for the loss; clear errors", async () => {
  await initBackend("wasm");
  const { ds } = brightnessDataset(40, new Set());
  const sparse = (): tf.LayersModel => makeModel("sparseCategoricalCrossentropy");
  const before = tf.memory().numTensors;
  const oof = await crossValPredictions(sparse, ds, { folds: 2, fit: { epochs: 2 }, progress: false });
  assert.equal(oof.probs.length, 80);
  assert.equal(tf.memory().numTensors, before);
  await assert.rejects(
    crossValPredictions(
      () => tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [16] })] }),
      ds,
      {
        progress: false,
      },
    ),
    /makeModel must return a compiled tf\.LayersModel/,
  );
  await assert.rejects(
    crossValPredictions(makeModel, ds, { folds: 1, progress: false }),
    /folds must be an integer in \[2, 40\]/,
  );
});

test("findLabelIssues: out-of-fold issues in a gallery; the view's buttons accept or exclude; clean() applies them", async () => {
  await initBackend("wasm");
  const flip = new Set([3, 17, 40, 77, 101]);
  const { ds, truth } = brightnessDataset(120, flip);
  const fitArgs = { epochs: 30, batchSize: 32, shuffle: false };
  const oof = await crossValPredictions(makeModel, ds, { folds: 4, seed: 2, progress: false, fit: fitArgs });
  const { sent, fromView, lastUpdate } = widgetSession();
  const report = findLabelIssues(ds, oof);
  assert.deepEqual(new Set(report.issues.map((i) => i.index)), flip);
  for (const issue of report.issues) {
    assert.equal(issue.givenLabel, ds.label(issue.index));
    assert.equal(issue.suggestedLabel, truth[issue.index]);
  }
  assert.equal(report.scores().length, ds.length);
  const html = String(report[DISPLAY_SYMBOL]()["text/html"]);
  assert.match(html, /5 likely label errors in 120 images/);
  assert.match(html, /#\d+: (dark → bright|bright → dark)</);
  assert.match(html, /\d+ % given · undecided/);
  // The view accepts the first suggestion and excludes the second image.
  const [first, second] = report.issues as [LabelIssue, LabelIssue];
  fromView({ relabeled: [{ index: first.index, label: first.suggestedLabel }], excluded: [second.index] });
  assert.deepEqual([...report.relabeled], [[first.index, first.suggestedLabel]]);
  assert.deepEqual([...report.excluded], [second.index]);
  // Undo in the view empties both.
  fromView({ relabeled: [], excluded: [] });
  assert.equal(report.relabeled.size + report.excluded.size, 0);
  // Bad values from a view are refused and change nothing.
  const before = sent.length;
  fromView({ relabeled: [{ index: ds.length, label: 0 }] });
  fromView({ relabeled: [{ index: 1, label: 2 }] });
  fromView({
    relabeled: [
      { index: 1, label: 0 },
      { index: 1, label: 1 },
    ],
  });
  fromView({ excluded: [-1] });
  assert.equal(report.relabeled.size + report.excluded.size, 0, "a refused change reached the report");
  assert.ok(sent.length > before, "refusals are answered (the view is told the kernel's state)");
  // Code that decides shows in the view.
  report.acceptAll();
  assert.equal(
    (lastUpdate().state.relabeled as JsonObject[]).length,
    5,
    "accepting in code reaches the view",
  );
  report.excluded.add(0);
  assert.deepEqual(lastUpdate().state.excluded, [0]);
  const clean = report.clean();
  assert.equal(clean.length, ds.length - 1);
  for (const i of flip) assert.equal(clean.label(i - 1), truth[i], "the accepted label is applied");
  assert.match(
    String(report),
    /LabelIssueReport: 5 likely label errors in 120 images \(worst: .*\); 5 relabeled; 1 excluded$/,
  );
  assert.throws(
    () => findLabelIssues(ds, { ...oof, labels: new Int32Array(3) }),
    /predictions cover 3 images/,
  );
});
