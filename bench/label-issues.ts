// Label-error detection on Fashion-MNIST with planted label noise (issue #15): precision and recall of the
// flagged set from OUT-OF-FOLD predictions (crossValPredictions, 4 folds) side by side with IN-SAMPLE
// predictions (one model trained on all images, predicting its own training set) — the same model, epochs
// and confident-learning rule, only where the predictions come from differs. Noise 5, 10 and 20 %, uniform
// (any other class) and class-conditional (to a similar class: T-shirt↔Shirt, Pullover↔Coat, Sneaker↔Ankle
// boot…). The scale figure (crossValPredictions, 4 folds of a small CNN on 10,000 images) is bench/scale.ts's.
//
// Run: node --import tsx bench/label-issues.ts [--images N] [--epochs N]
import { loadavg } from "node:os";
import { initBackend, tf } from "../kernel-ext/src/backend";
import { loadFashionMnist } from "../kernel-ext/src/data/fashion-mnist";
import type { ImageDataset } from "../kernel-ext/src/data/image-dataset";
import { stratifiedSubset } from "../kernel-ext/src/data/stratified-subset";
import { crossValPredictions } from "../kernel-ext/src/inspect/mispredictions/cross-val-predictions";
import { collectPredictions } from "../kernel-ext/src/inspect/mispredictions/predictions";
import { confidentLearningIssues } from "../kernel-ext/src/outliers/confident-learning";
import { seededRandom } from "../kernel-ext/src/util/random";

process.env.TSLAB_ML_PROGRESS = "0";
const option = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const IMAGES = option("images", 4000);
const EPOCHS = option("epochs", 8);
// Fashion-MNIST's look-alike classes: where a tired annotator's wrong label goes.
const SIMILAR = [6, 3, 4, 1, 2, 7, 0, 9, 2, 7];

function mlp(): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [28, 28, 1] }),
      tf.layers.dense({ units: 128, activation: "relu" }),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(1e-3), loss: "sparseCategoricalCrossentropy" });
  return model;
}

/** A copy of `ds` with `rate` of its labels changed; returns the changed indices. */
function plantNoise(
  ds: ImageDataset,
  rate: number,
  kind: "uniform" | "similar",
  seed: number,
): { noisy: ImageDataset; flipped: Set<number> } {
  const random = seededRandom(seed);
  const labels = Int32Array.from(ds.labels);
  const flipped = new Set<number>();
  while (flipped.size < Math.round(rate * ds.length)) flipped.add(Math.floor(random() * ds.length));
  for (const i of flipped) {
    const y = labels[i] as number;
    labels[i] = kind === "similar" ? (SIMILAR[y] as number) : (y + 1 + Math.floor(random() * 9)) % 10;
  }
  return { noisy: ds.withLabels(labels), flipped };
}

function score(
  found: number[],
  flipped: Set<number>,
): { precision: number; recall: number; flagged: number } {
  const hits = found.filter((i) => flipped.has(i)).length;
  return {
    precision: found.length ? hits / found.length : 0,
    recall: hits / flipped.size,
    flagged: found.length,
  };
}

const fit = { epochs: EPOCHS, batchSize: 64, verbose: 0 as const };
const pct = (v: number): string => `${(100 * v).toFixed(1).padStart(5)} %`;

async function main(): Promise<void> {
  const info = await initBackend();
  const train = await loadFashionMnist({ split: "train" });
  const ds = stratifiedSubset(train, { fraction: IMAGES / train.length, seed: 1 });
  console.log(
    `Label issues on ${ds.length} Fashion-MNIST images, MLP 784-128-10, ${EPOCHS} epochs, backend ${info.name}, ` +
      `load ${loadavg()[0]!.toFixed(1)}\n`,
  );
  console.log(
    "noise            | out-of-fold (4 folds)          | in-sample                      | recall ratio",
  );
  console.log(
    "                 | precision  recall    flagged   | precision  recall    flagged   | oof / in-sample",
  );
  for (const kind of ["uniform", "similar"] as const) {
    for (const rate of [0.05, 0.1, 0.2]) {
      const { noisy, flipped } = plantNoise(ds, rate, kind, Math.round(rate * 100));
      const oof = await crossValPredictions(mlp, noisy, { folds: 4, fit, seed: 1, progress: false });
      const outOfFold = score(
        confidentLearningIssues(oof).map((x) => x.index),
        flipped,
      );
      const model = mlp();
      const xs = noisy.images();
      const ys = tf.tensor2d(Float32Array.from(noisy.labels), [noisy.length, 1]);
      await model.fit(xs, ys, fit);
      tf.dispose([xs, ys]);
      const own = await collectPredictions(model, noisy, { progress: false });
      model.dispose();
      const inSample = score(
        confidentLearningIssues(own).map((x) => x.index),
        flipped,
      );
      console.log(
        `${kind.padEnd(8)} ${String(rate * 100).padStart(2)} %   | ${pct(outOfFold.precision)}  ${pct(outOfFold.recall)}  ${String(outOfFold.flagged).padStart(6)}    | ` +
          `${pct(inSample.precision)}  ${pct(inSample.recall)}  ${String(inSample.flagged).padStart(6)}    | ` +
          `${(outOfFold.recall / Math.max(inSample.recall, 1e-9)).toFixed(2)}×`,
      );
    }
  }
}

void main();
