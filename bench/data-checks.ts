// Data checks throughput: loading + pixel/metadata outlier checks on 28×28 PNGs and 512×512 JPEGs, embedding
// outliers on 60,000 × 128-d embeddings, and the misprediction widget on 10,000 Fashion-MNIST test images.
// Run: node --import tsx bench/data-checks.ts [--pngs N] [--jpegs N]
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
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
const PIXEL_CHECKS: IssueKind[] = ["dark", "light", "blurry", "low_information", "odd_aspect_ratio", "odd_size", "grayscale", "exact_duplicate", "near_duplicate"];

async function timeFolder(dir: string, count: number, label: string, target: number, size?: number): Promise<void> {
  const t0 = performance.now();
  const ds = await loadImageFolder(dir, { size, progress: false });
  const t1 = performance.now();
  const report = await findOutliers(ds, { checks: PIXEL_CHECKS, progress: false });
  const t2 = performance.now();
  const rate = (ms: number): string => (count / (ms / 1000)).toFixed(0);
  console.log(
    `${label}: load ${rate(t1 - t0)} img/s, checks ${rate(t2 - t1)} img/s, load+checks ${rate(t2 - t0)} img/s ` +
      `(target ≥ ${target}) — ${ds.toString()}, ${report.issues.length} issues`,
  );
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
  for (const cls of ["a", "b"]) await mkdir(join(dir, cls));
  for (let i = 0; i < count; i++) {
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512"><rect width="512" height="512" fill="rgb(${Math.round(random() * 255)},120,80)"/>` +
      Array.from({ length: 8 }, () => `<circle cx="${random() * 512}" cy="${random() * 512}" r="${20 + random() * 80}" fill="rgb(${Math.round(random() * 255)},${Math.round(random() * 255)},${Math.round(random() * 255)})"/>`).join("") +
      `</svg>`;
    await sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toFile(join(dir, i % 2 ? "a" : "b", `${i}.jpg`));
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
    for (let d = 0; d < dim; d++) values[i * dim + d] = (c[d] as number) + (random() - 0.5) * (i % 1000 === 0 ? 8 : 1);
  }
  const ds = await loadFashionMnist({ split: "train" });
  const t0 = performance.now();
  const report = await findOutliers(ds, { embeddings: { values, dim }, checks: ["embedding_outlier"], progress: false });
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `embedding outliers, ${n.toLocaleString("en-US")} × ${dim}: ${seconds.toFixed(1)} s (target < 30 s), ` +
      `${report.byKind("embedding_outlier").length} flagged (60 planted)`,
  );
}

async function mispredictionWidget(): Promise<void> {
  const ds = await loadFashionMnist({ split: "test" });
  const model = tf.sequential({
    layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 10, activation: "softmax" })],
  });
  const predictions = await collectPredictions(model, ds, { progress: false });
  const t0 = performance.now();
  const widget = mispredictions(predictions, ds);
  const bundle = widget[DISPLAY_SYMBOL]();
  const ms = performance.now() - t0;
  console.log(
    `misprediction widget, 10,000 Fashion-MNIST test images: ready with its display bundle in ${ms.toFixed(0)} ms ` +
      `(target < 5 s); ${String(bundle["text/html"]).length.toLocaleString("en-US")} chars of HTML`,
  );
  model.dispose();
}

async function main(): Promise<void> {
  const backend = await initBackend();
  console.log(`backend ${backend.name} (${backend.threads} thread(s)); ${(await import("node:os")).availableParallelism()} cores`);
  const pngs = option("pngs", 4000);
  const jpegs = option("jpegs", 300);
  const pngDir = await pngFolder(pngs);
  const jpegDir = await jpegFolder(jpegs);
  try {
    await timeFolder(pngDir, pngs, `${pngs} PNGs 28×28`, 2000);
    await timeFolder(jpegDir, jpegs, `${jpegs} JPEGs 512×512 kept at 512`, 150);
    await timeFolder(jpegDir, jpegs, `${jpegs} JPEGs 512×512 resized to 128`, 150, 128);
  } finally {
    await Promise.all([rm(pngDir, { recursive: true, force: true }), rm(jpegDir, { recursive: true, force: true })]);
  }
  await embeddingOutliers();
  await mispredictionWidget();
}

void main();
