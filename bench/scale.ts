// The scale targets of issue #15 (2 cores), each printed as time, target and ratio to the target, with the
// load average (1, 5, 15 min) read just before the timed call:
//  1. findOutliers with every check (pixels, shapes, duplicates, embedding_outlier, low_confidence) on the
//     60,000 Fashion-MNIST training images, given a small trained CNN (embeddings: its penultimate layer;
//     low_confidence: its predictions) — target < 60 s. The CNN is trained beforehand, untimed.
//  2. crossValPredictions, 4 folds of the same small CNN with crossValPredictions' default training
//     (5 epochs, batch 64) on 10,000 images — target < 3 min.
//
// Run: node --import tsx bench/scale.ts [--only outliers|crossval]
//
// The machine is shared and these runs are long: each figure is taken once; compare figures at similar loads.
// The process's CPU time is printed beside each: on a busy machine wall time grows with the load, CPU time
// much less (all of it counts when the work runs on more than one thread).
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { initBackend, tf } from "../kernel-ext/src/backend";
import { loadFashionMnist } from "../kernel-ext/src/data/fashion-mnist";
import { stratifiedSubset } from "../kernel-ext/src/data/stratified-subset";
import { crossValPredictions } from "../kernel-ext/src/inspect/mispredictions/cross-val-predictions";
import { targetsFor } from "../kernel-ext/src/training/targets";
import { findOutliers, ISSUE_KINDS } from "../kernel-ext/src/outliers";

process.env.TSLAB_ML_PROGRESS = "0";
const onlyAt = process.argv.indexOf("--only");
const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;

const CNN_LAYERS = "conv16-pool-conv32-pool-dense64-dense10";

function cnn(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.conv2d({ filters: 32, kernelSize: 3, activation: "relu" }),
      tf.layers.maxPooling2d({ poolSize: 2 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 64, activation: "relu" }),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "sparseCategoricalCrossentropy" });
  return model;
}

const loads = (): string =>
  loadavg()
    .map((v) => v.toFixed(1))
    .join(" ");

/** Times `run` once; prints the figure against its target. */
async function figure(label: string, targetSeconds: number, run: () => Promise<string>): Promise<void> {
  const load = loads();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const detail = await run();
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const ratio = seconds / targetSeconds;
  console.log(
    `${label}: ${seconds.toFixed(1)} s (target < ${targetSeconds} s; ${ratio.toFixed(2)}× the target: ` +
      `${ratio < 1 ? "met" : "NOT MET"}) at load ${load} (1, 5, 15 min)\n` +
      `    CPU time of this process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; ${detail}`,
  );
}

async function outliers(): Promise<void> {
  const train = await loadFashionMnist({ split: "train" });
  // A small CNN trained for one epoch on a sixth of the set: its features are what a user would have.
  const model = cnn();
  const fitSet = stratifiedSubset(train, { perClass: 1000, seed: 3 });
  const xs = fitSet.images();
  const ys = targetsFor(model, fitSet.labels, fitSet.classNames.length);
  await model.fit(xs, ys, { epochs: 1, batchSize: 64, verbose: 0 });
  tf.dispose([xs, ys]);
  const before = tf.memory().numTensors;
  await figure(
    `findOutliers, all ${ISSUE_KINDS.length} checks, embeddings from a small CNN (${CNN_LAYERS}), ` +
      `${train.length.toLocaleString("en-US")} Fashion-MNIST training images`,
    60,
    async () => {
      const report = await findOutliers(train, { model, progress: false });
      const leaked = tf.memory().numTensors - before;
      return (
        `${JSON.stringify(report.counts)}; ` +
        `${report.skippedChecks.map((c) => `${c.kind} not checked: ${c.reason}`).join("; ")}; ` +
        `${leaked} tensors left`
      );
    },
  );
  model.dispose();
}

async function crossVal(): Promise<void> {
  const train = await loadFashionMnist({ split: "train" });
  const tenK = stratifiedSubset(train, { perClass: 1000, seed: 2 });
  await figure(
    `crossValPredictions, 4 folds of a small CNN (${CNN_LAYERS}, default fit: 5 epochs, batch 64), ` +
      `${tenK.length.toLocaleString("en-US")} Fashion-MNIST images`,
    180,
    async () => {
      const oof = await crossValPredictions(cnn, tenK, { folds: 4, seed: 1, progress: false });
      const correct = oof.predicted.filter((p, i) => p === oof.labels[i]).length;
      return `out-of-fold accuracy ${((100 * correct) / tenK.length).toFixed(1)} %`;
    },
  );
}

async function main(): Promise<void> {
  const backend = await initBackend();
  console.log(
    `backend ${backend.name} (${backend.threads} thread(s)); ${availableParallelism()} cores; load ${loads()}`,
  );
  if (only !== "crossval") await outliers();
  if (only !== "outliers") await crossVal();
}

void main();
