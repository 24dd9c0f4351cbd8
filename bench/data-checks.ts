// Data checks throughput against the targets of issue #6 (2 cores): loading + pixel/metadata outlier checks
// on 28×28 PNGs (≥ 2,000 images/s) and 512×512 JPEGs (≥ 150 images/s), embedding outliers on 60,000 × 128-d
// embeddings (< 30 s), and the misprediction widget on 10,000 Fashion-MNIST test images (< 5 s). Also, with
// no target, the pixel checks on Fashion-MNIST's 60,000 training images (no files: how the checks scale).
//
// Run: node --import tsx bench/data-checks.ts [--pngs N] [--jpegs N] [--runs N]
//
// This machine is shared: each figure is the median of --runs runs (default 3), printed with every run and
// the 1-minute load average read before each run; compare figures taken at similar loads.
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import sharp from "sharp";
import { initBackend, tf } from "../kernel-ext/src/backend";
import { loadFashionMnist, loadImageFolder } from "../kernel-ext/src/data";
import { DISPLAY_SYMBOL } from "../kernel-ext/src/display/mime";
import { collectPredictions, mispredictions } from "../kernel-ext/src/inspect/mispredictions";
import { findOutliers, type IssueKind } from "../kernel-ext/src/outliers";
import { seededRandom } from "../kernel-ext/src/util/random";

process.env.TSLAB_ML_PROGRESS = "0";
const option = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const RUNS = Math.max(1, option("runs", 3));
const PIXEL_CHECKS: IssueKind[] = [
  "dark",
  "light",
  "blurry",
  "low_information",
  "odd_aspect_ratio",
  "odd_size",
  "grayscale",
  "exact_duplicate",
  "near_duplicate",
];

const load1 = (): string => loadavg()[0]!.toFixed(1);
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const int = (v: number): string => Math.round(v).toLocaleString("en-US");

interface Run {
  value: number;
  load: string;
  detail: string;
}

/** Runs `measure` RUNS times; prints the median against the target, each run with its load average. */
async function report(
  label: string,
  unit: string,
  target: { value: number; atLeast: boolean },
  measure: () => Promise<{ value: number; detail: string }>,
  format: (v: number) => string = int,
): Promise<void> {
  const runs: Run[] = [];
  for (let r = 0; r < RUNS; r++) {
    const load = load1();
    runs.push({ ...(await measure()), load });
  }
  const value = median(runs.map((r) => r.value));
  const met = target.atLeast ? value >= target.value : value < target.value;
  console.log(
    `${label}: ${format(value)} ${unit} (target ${target.atLeast ? "≥" : "<"} ${format(target.value)} ${unit}: ` +
      `${met ? "met" : "NOT MET"})`,
  );
  for (const [k, run] of runs.entries()) {
    console.log(`    run ${k + 1}: ${format(run.value)} ${unit} at load ${run.load}; ${run.detail}`);
  }
}

/** Load + pixel/metadata checks of an image folder, in images/s. */
async function timeFolder(
  dir: string,
  count: number,
  label: string,
  target: number,
  size?: number,
): Promise<void> {
  await report(label, "img/s", { value: target, atLeast: true }, async () => {
    const t0 = performance.now();
    const ds = await loadImageFolder(dir, { size, progress: false });
    const t1 = performance.now();
    const result = await findOutliers(ds, { checks: PIXEL_CHECKS, progress: false });
    const t2 = performance.now();
    const rate = (ms: number): string => int(count / (ms / 1000));
    return {
      value: count / ((t2 - t0) / 1000),
      detail: `load ${rate(t1 - t0)} img/s, checks ${rate(t2 - t1)} img/s; ${ds.toString()}, ${result.issues.length} issues`,
    };
  });
}

async function pngFolder(count: number): Promise<string> {
  const fashion = await loadFashionMnist({ split: "test" });
  const dir = await mkdtemp(join(tmpdir(), "bench-png-"));
  for (const name of fashion.classNames) await mkdir(join(dir, name.replace("/", "-")));
  for (let start = 0; start < count; start += 64) {
    await Promise.all(
      Array.from({ length: Math.min(64, count - start) }, (_, k) => {
        const i = start + k;
        const cls = (fashion.classNames[fashion.label(i)] as string).replace("/", "-");
        return sharp(Buffer.from(fashion.pixels(i)), { raw: { width: 28, height: 28, channels: 1 } })
          .toColourspace("b-w")
          .png()
          .toFile(join(dir, cls, `${i}.png`));
      }),
    );
  }
  return dir;
}

async function jpegFolder(count: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "bench-jpeg-"));
  const random = seededRandom(5);
  const channel = (): number => Math.round(random() * 255);
  for (const cls of ["a", "b"]) await mkdir(join(dir, cls));
  for (let i = 0; i < count; i++) {
    // The background's colour is drawn first, then each circle's (the same images as before this file changed).
    const background = `<rect width="512" height="512" fill="rgb(${channel()},120,80)"/>`;
    const circles = Array.from(
      { length: 8 },
      () =>
        `<circle cx="${random() * 512}" cy="${random() * 512}" r="${20 + random() * 80}" ` +
        `fill="rgb(${channel()},${channel()},${channel()})"/>`,
    );
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512">${background}${circles.join("")}</svg>`;
    await sharp(Buffer.from(svg))
      .jpeg({ quality: 90 })
      .toFile(join(dir, i % 2 ? "a" : "b", `${i}.jpg`));
  }
  return dir;
}

async function embeddingOutliers(): Promise<void> {
  const n = 60_000;
  const dim = 128;
  const random = seededRandom(7);
  const centres = Array.from({ length: 10 }, () => Float32Array.from({ length: dim }, () => random() * 4));
  const values = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    const c = centres[i % 10] as Float32Array;
    const spread = i % 1000 === 0 ? 8 : 1;
    for (let d = 0; d < dim; d++) values[i * dim + d] = (c[d] as number) + (random() - 0.5) * spread;
  }
  const ds = await loadFashionMnist({ split: "train" });
  await report(
    `embedding outliers, ${int(n)} × ${dim}`,
    "s",
    { value: 30, atLeast: false },
    async () => {
      const t0 = performance.now();
      const result = await findOutliers(ds, {
        embeddings: { values, dim },
        checks: ["embedding_outlier"],
        progress: false,
      });
      return {
        value: (performance.now() - t0) / 1000,
        detail: `${result.byKind("embedding_outlier").length} flagged (60 planted)`,
      };
    },
    (v) => v.toFixed(1),
  );
}

async function fashionPixelChecks(): Promise<void> {
  const ds = await loadFashionMnist({ split: "train" });
  const t0 = performance.now();
  const result = await findOutliers(ds, { checks: PIXEL_CHECKS, progress: false });
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `pixel checks on Fashion-MNIST's ${int(ds.length)} training images (no files; no target): ${seconds.toFixed(1)} s, ` +
      `${int(ds.length / seconds)} img/s at load ${load1()}; ${JSON.stringify(result.counts)}`,
  );
}

async function mispredictionWidget(): Promise<void> {
  const ds = await loadFashionMnist({ split: "test" });
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [28, 28, 1] }),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
  const predictions = await collectPredictions(model, ds, { progress: false });
  await report(
    "misprediction widget, 10,000 Fashion-MNIST test images, ready with its display bundle",
    "ms",
    { value: 5000, atLeast: false },
    async () => {
      const t0 = performance.now();
      const widget = mispredictions(predictions, ds);
      const bundle = widget[DISPLAY_SYMBOL]();
      return {
        value: performance.now() - t0,
        detail: `${int(String(bundle["text/html"]).length)} chars of HTML`,
      };
    },
  );
  model.dispose();
}

async function main(): Promise<void> {
  const backend = await initBackend();
  console.log(
    `backend ${backend.name} (${backend.threads} thread(s)); ${availableParallelism()} cores; ` +
      `load average ${loadavg()
        .map((v) => v.toFixed(1))
        .join(" ")} (1, 5, 15 min); median of ${RUNS} run(s) each`,
  );
  const pngs = option("pngs", 4000);
  const jpegs = option("jpegs", 300);
  const pngDir = await pngFolder(pngs);
  const jpegDir = await jpegFolder(jpegs);
  try {
    await timeFolder(pngDir, pngs, `${pngs} PNGs 28×28, load + checks`, 2000);
    await timeFolder(jpegDir, jpegs, `${jpegs} JPEGs 512×512 kept at 512, load + checks`, 150);
    await timeFolder(jpegDir, jpegs, `${jpegs} JPEGs 512×512 resized to 128, load + checks`, 150, 128);
  } finally {
    await Promise.all([
      rm(pngDir, { recursive: true, force: true }),
      rm(jpegDir, { recursive: true, force: true }),
    ]);
  }
  await embeddingOutliers();
  await mispredictionWidget();
  await fashionPixelChecks();
}

void main();
