import type { ImageDataset } from "../data/image-dataset";
import { exactDuplicates, nearDuplicates } from "./duplicates";
import type { IssueKind, OutlierIssue, OutlierThresholds } from "./issue-kinds";
import { median, robustZ } from "./robust-z";
import { samePixels, scanImages, type ImageScan, type PixelSource } from "./scan-images";
import { correlatesAtLeast } from "./similarity";

/** A check that could not run, and why. */
export interface SkippedCheck {
  kind: IssueKind;
  reason: string;
}

/** A score for every image of each kind that ran (higher is worse; NaN where it can't be measured). */
export type KindScores = Map<IssueKind, Float64Array>;

export interface CheckResult {
  issues: OutlierIssue[];
  skipped: SkippedCheck[];
  scores: KindScores;
}

// Below this many colourful images a dataset is not "a colour dataset" and grayscale images are normal.
const MIN_COLOUR_SHARE = 0.5;
// Floors for the spread of log aspect ratio and log area: when (nearly) all files share one shape, an image
// must differ by about 1.4× in aspect (0.1 × 3.5 in log) or 1.7× in area (0.15 × 3.5) to be odd — a 20×20
// file among 28×28 ones (half the area) is odd.
const MIN_LOG_ASPECT_SCALE = 0.1;
const MIN_LOG_AREA_SCALE = 0.15;
// A hash match is a near duplicate only when the pictures correlate this well at 24×24: re-encoded, resized,
// brightened copies stay above it; different objects of one kind (two sneakers) fall below.
export const NEAR_DUPLICATE_MIN_CORRELATION = 0.98;

/** Issues of `kind`: every image whose score reaches `min` (NaN never does). */
function flagged(kind: IssueKind, scores: Float64Array, min: number): OutlierIssue[] {
  const issues: OutlierIssue[] = [];
  scores.forEach((score, index) => {
    if (score >= min) issues.push({ index, kind, score });
  });
  return issues;
}

/**
 * Sharpness relative to the dataset's median AND to the image's own class's median, whichever is lower: a
 * blurred shirt among sharp shirts is blurry even when other classes (say, plain bags) are soft overall.
 */
function relativeSharpness(sharpness: Float64Array, labels: Int32Array, classes: number): Float64Array {
  const pooled = median(sharpness);
  const members: number[][] = Array.from({ length: classes }, () => []);
  labels.forEach((y, i) => members[y]?.push(i));
  // A class of a handful of images has no reliable median of its own.
  const classMedian = members.map((m) =>
    m.length >= 5 ? median(Float64Array.from(m, (i) => sharpness[i] as number)) : pooled,
  );
  return Float64Array.from(sharpness, (v, i) => {
    const own = classMedian[labels[i] as number] as number;
    return Math.min(v / pooled, own > 0 ? v / own : Infinity);
  });
}

/** dark, light, blurry, low_information, noisy, grayscale from the scan: scores for all, issues past the thresholds. */
export function pixelIssues(
  scan: ImageScan,
  channels: number,
  labels: Int32Array,
  classes: number,
  t: OutlierThresholds,
  run: ReadonlySet<IssueKind>,
): CheckResult {
  const issues: OutlierIssue[] = [];
  const skipped: SkippedCheck[] = [];
  const scores: KindScores = new Map();
  const score = (kind: IssueKind, values: () => Float64Array, min: number): void => {
    if (!run.has(kind)) return;
    const all = values();
    scores.set(kind, all);
    issues.push(...flagged(kind, all, min));
  };
  score("dark", () => scan.brightP99.map((v) => 1 - v), 1 - t.dark);
  score("light", () => Float64Array.from(scan.brightP5), t.light);
  score("low_information", () => scan.entropy.map((v) => 1 - v / 8), 1 - t.low_information / 8);
  score("noisy", () => Float64Array.from(scan.noise), t.noisy);
  if (run.has("blurry") && !(median(scan.sharpness) > 0))
    skipped.push({ kind: "blurry", reason: "every image is flat; sharpness has no reference" });
  else
    score("blurry", () => relativeSharpness(scan.sharpness, labels, classes).map((v) => 1 - v), 1 - t.blurry);
  if (run.has("grayscale")) {
    const n = scan.chroma.length;
    const gray = scan.chroma.filter((c) => c <= t.grayscale).length;
    if (channels < 3) skipped.push({ kind: "grayscale", reason: "the dataset is gray (1 channel)" });
    else if (n - gray < MIN_COLOUR_SHARE * n) {
      skipped.push({ kind: "grayscale", reason: `${gray} of ${n} images are gray: not a colour dataset` });
    } else score("grayscale", () => scan.chroma.map((v) => 1 - v), 1 - t.grayscale);
  }
  return { issues, skipped, scores };
}

/** odd_aspect_ratio and odd_size from the original files' sizes (ds.meta), by robust z-scores of their logs. */
export function shapeIssues(
  ds: ImageDataset,
  t: OutlierThresholds,
  run: ReadonlySet<IssueKind>,
): CheckResult {
  const issues: OutlierIssue[] = [];
  const scores: KindScores = new Map();
  const n = ds.length;
  const logAspect = new Float64Array(n);
  const logArea = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const { width, height } = ds.meta(i);
    logAspect[i] = Math.log(width / height);
    logArea[i] = Math.log(width * height);
  }
  const flag = (kind: IssueKind, z: Float64Array, threshold: number): void => {
    if (!run.has(kind)) return;
    const all = z.map(Math.abs);
    scores.set(kind, all);
    issues.push(...flagged(kind, all, threshold));
  };
  flag("odd_aspect_ratio", robustZ(logAspect, MIN_LOG_ASPECT_SCALE), t.odd_aspect_ratio);
  flag("odd_size", robustZ(logArea, MIN_LOG_AREA_SCALE), t.odd_size);
  return { issues, skipped: [], scores };
}

/** exact_duplicate (same pixels) and near_duplicate (perceptual hash), keeping the first of each group. */
export function duplicateIssues(
  ds: PixelSource,
  scan: ImageScan,
  t: OutlierThresholds,
  run: ReadonlySet<IssueKind>,
): CheckResult {
  const issues: OutlierIssue[] = [];
  const scores: KindScores = new Map();
  const exact = exactDuplicates(scan.pixelKeys, (i, j) => samePixels(ds, i, j));
  if (run.has("exact_duplicate")) {
    const all = new Float64Array(ds.length);
    for (const m of exact) {
      issues.push({ index: m.index, kind: "exact_duplicate", score: 1, duplicateOf: m.duplicateOf });
      all[m.index] = 1;
    }
    scores.set("exact_duplicate", all);
  }
  if (run.has("near_duplicate")) {
    // Exact copies are reported once, as exact; flat images all share one hash and say nothing.
    const copies = new Set(exact.map((m) => m.index));
    const candidates: number[] = [];
    for (let i = 0; i < scan.sharpness.length; i++)
      if (!copies.has(i) && !Number.isNaN(scan.sharpness[i])) candidates.push(i);
    const confirm = correlatesAtLeast(ds, NEAR_DUPLICATE_MIN_CORRELATION);
    // Only matches within the threshold are searched for: other images score 0 (no near copy found).
    const all = new Float64Array(ds.length);
    for (const m of nearDuplicates(scan.perceptual, candidates, t.near_duplicate, confirm)) {
      const score = 1 - m.distance / 64;
      issues.push({ index: m.index, kind: "near_duplicate", score, duplicateOf: m.duplicateOf });
      all[m.index] = score;
    }
    scores.set("near_duplicate", all);
  }
  return { issues, skipped: [], scores };
}

/** The kinds that need the pixels scanned (scanImages). */
export const SCANNED_KINDS: readonly IssueKind[] = [
  "dark",
  "light",
  "blurry",
  "low_information",
  "noisy",
  "grayscale",
  "exact_duplicate",
  "near_duplicate",
];

/** Scans the images and runs the pixel and duplicate checks: [pixelIssues, duplicateIssues]. */
export async function scannedIssues(
  ds: PixelSource,
  labels: Int32Array,
  classes: number,
  t: OutlierThresholds,
  run: ReadonlySet<IssueKind>,
  options: { progress?: boolean; onProgress?: (done: number) => void } = {},
): Promise<CheckResult[]> {
  const scan = await scanImages(ds, options);
  return [pixelIssues(scan, ds.imageShape[2], labels, classes, t, run), duplicateIssues(ds, scan, t, run)];
}
