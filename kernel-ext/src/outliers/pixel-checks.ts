import type { ImageDataset } from "../data/image-dataset";
import { exactDuplicates, nearDuplicates } from "./duplicates";
import type { IssueKind, OutlierIssue, OutlierThresholds } from "./issue-kinds";
import { median, robustZ } from "./robust-z";
import { samePixels, type ImageScan } from "./scan-images";
import { correlatesAtLeast } from "./similarity";

/** A check that could not run, and why. */
export interface SkippedCheck {
  kind: IssueKind;
  reason: string;
}

export interface CheckResult {
  issues: OutlierIssue[];
  skipped: SkippedCheck[];
}

// Below this many colourful images a dataset is not "a colour dataset" and grayscale images are normal.
const MIN_COLOUR_SHARE = 0.5;
// Floors for the spread of log aspect ratio and log area: when (nearly) all files share one shape, an image
// must differ by about 1.4× in aspect (0.1 × 3.5 in log) or 2× in area (0.2 × 3.5) to be odd.
const MIN_LOG_ASPECT_SCALE = 0.1;
const MIN_LOG_AREA_SCALE = 0.2;
// A hash match is a near duplicate only when the pictures correlate this well at 24×24: re-encoded, resized,
// brightened copies stay above it; different objects of one kind (two sneakers) fall below.
export const NEAR_DUPLICATE_MIN_CORRELATION = 0.98;

/** dark, light, blurry, low_information and grayscale, from the scan. */
export function pixelIssues(
  scan: ImageScan,
  channels: number,
  t: OutlierThresholds,
  run: ReadonlySet<IssueKind>,
): CheckResult {
  const issues: OutlierIssue[] = [];
  const skipped: SkippedCheck[] = [];
  const n = scan.entropy.length;
  const flag = (kind: IssueKind, test: (i: number) => number | undefined): void => {
    if (!run.has(kind)) return;
    for (let i = 0; i < n; i++) {
      const score = test(i);
      if (score !== undefined) issues.push({ index: i, kind, score });
    }
  };
  flag("dark", (i) =>
    (scan.brightP99[i] as number) <= t.dark ? 1 - (scan.brightP99[i] as number) : undefined,
  );
  flag("light", (i) => ((scan.brightP5[i] as number) >= t.light ? (scan.brightP5[i] as number) : undefined));
  flag("low_information", (i) =>
    (scan.entropy[i] as number) <= t.low_information ? 1 - (scan.entropy[i] as number) / 8 : undefined,
  );
  const typical = median(scan.sharpness);
  if (run.has("blurry") && !(typical > 0))
    skipped.push({ kind: "blurry", reason: "every image is flat; sharpness has no reference" });
  else {
    flag("blurry", (i) => {
      const relative = (scan.sharpness[i] as number) / typical;
      return relative <= t.blurry ? 1 - relative : undefined;
    });
  }
  if (run.has("grayscale")) {
    const gray = scan.chroma.filter((c) => c <= t.grayscale).length;
    if (channels < 3) skipped.push({ kind: "grayscale", reason: "the dataset is gray (1 channel)" });
    else if (n - gray < MIN_COLOUR_SHARE * n) {
      skipped.push({ kind: "grayscale", reason: `${gray} of ${n} images are gray: not a colour dataset` });
    } else
      flag("grayscale", (i) =>
        (scan.chroma[i] as number) <= t.grayscale ? 1 - (scan.chroma[i] as number) : undefined,
      );
  }
  return { issues, skipped };
}

/** odd_aspect_ratio and odd_size from the original files' sizes (ds.meta), by robust z-scores of their logs. */
export function shapeIssues(
  ds: ImageDataset,
  t: OutlierThresholds,
  run: ReadonlySet<IssueKind>,
): OutlierIssue[] {
  const issues: OutlierIssue[] = [];
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
    z.forEach((v, index) => {
      if (Math.abs(v) >= threshold) issues.push({ index, kind, score: Math.abs(v) });
    });
  };
  flag("odd_aspect_ratio", robustZ(logAspect, MIN_LOG_ASPECT_SCALE), t.odd_aspect_ratio);
  flag("odd_size", robustZ(logArea, MIN_LOG_AREA_SCALE), t.odd_size);
  return issues;
}

/** exact_duplicate (same pixels) and near_duplicate (perceptual hash), keeping the first of each group. */
export function duplicateIssues(
  ds: ImageDataset,
  scan: ImageScan,
  t: OutlierThresholds,
  run: ReadonlySet<IssueKind>,
): OutlierIssue[] {
  const issues: OutlierIssue[] = [];
  const exact = exactDuplicates(scan.pixelKeys, (i, j) => samePixels(ds, i, j));
  if (run.has("exact_duplicate")) {
    for (const m of exact)
      issues.push({ index: m.index, kind: "exact_duplicate", score: 1, duplicateOf: m.duplicateOf });
  }
  if (run.has("near_duplicate")) {
    // Exact copies are reported once, as exact; flat images all share one hash and say nothing.
    const copies = new Set(exact.map((m) => m.index));
    const candidates: number[] = [];
    for (let i = 0; i < scan.sharpness.length; i++)
      if (!copies.has(i) && !Number.isNaN(scan.sharpness[i])) candidates.push(i);
    const confirm = correlatesAtLeast(ds, NEAR_DUPLICATE_MIN_CORRELATION);
    for (const m of nearDuplicates(scan.perceptual, candidates, t.near_duplicate, confirm)) {
      issues.push({
        index: m.index,
        kind: "near_duplicate",
        score: 1 - m.distance / 64,
        duplicateOf: m.duplicateOf,
      });
    }
  }
  return issues;
}
