/** Every kind of issue findOutliers reports (DESIGN.md). */
export const ISSUE_KINDS = [
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
  "embedding_outlier",
  "low_confidence",
] as const;

export type IssueKind = (typeof ISSUE_KINDS)[number];

/** One flagged image. Higher scores are worse within a kind (see ISSUE_DESCRIPTIONS for each scale). */
export interface OutlierIssue {
  index: number;
  kind: IssueKind;
  score: number;
  /** Duplicates: the first image (lowest index) of the group; that one is kept and not flagged. */
  duplicateOf?: number;
}

/**
 * When an image is flagged, in each check's own units (all overridable through `thresholds`). Exact
 * duplicates need none: identical pixels are identical.
 */
export interface OutlierThresholds {
  /** dark: the brightest pixels (99th percentile of luma, 0..1) are at most this. */
  dark: number;
  /** light: the darkest pixels (5th percentile of luma, 0..1) are at least this. */
  light: number;
  /** blurry: sharpness (Laplacian variance over gray variance) at most this fraction of the dataset's median. */
  blurry: number;
  /** low_information: entropy of the gray histogram at most this many bits (of 8). */
  low_information: number;
  /**
   * noisy: 1 − correlation of neighbouring pixels (at ≤ 64 px a side) at least this: photographs and drawings
   * score ~0.05–0.3, uniform noise ~1.
   */
  noisy: number;
  /** odd_aspect_ratio: |robust z-score| of the original file's log aspect ratio at least this. */
  odd_aspect_ratio: number;
  /** odd_size: |robust z-score| of the original file's log pixel area at least this. */
  odd_size: number;
  /** grayscale: mean colourfulness (max − min channel, 0..1) at most this, in a dataset of colour images. */
  grayscale: number;
  /** near_duplicate: perceptual hashes (64 bits) differ in at most this many bits. */
  near_duplicate: number;
  /** embedding_outlier: robust z-score of the log mean distance to the k nearest embeddings at least this. */
  embedding_outlier: number;
  /**
   * low_confidence: the model gives the label at most this probability, and is confident of another class
   * (images that are embedding outliers are not label errors and are not reported here).
   */
  low_confidence: number;
}

export const DEFAULT_THRESHOLDS: Readonly<OutlierThresholds> = {
  dark: 0.25,
  light: 0.85,
  blurry: 0.2,
  low_information: 1.5,
  noisy: 0.6,
  odd_aspect_ratio: 3.5,
  odd_size: 3.5,
  grayscale: 0.01,
  near_duplicate: 8,
  embedding_outlier: 4,
  low_confidence: 0.5,
};

/** What each kind means, its score and the threshold in force, for the report's tabs. */
export function describeKind(kind: IssueKind, t: OutlierThresholds): string {
  switch (kind) {
    case "dark":
      return `dark: brightest pixels (99th percentile) ≤ ${t.dark}; score 1 − that brightness`;
    case "light":
      return `light / washed out: darkest pixels (5th percentile) ≥ ${t.light}; score that brightness`;
    case "blurry":
      return `blurry: sharpness ≤ ${t.blurry} × the median of the dataset or of the image's class; score 1 − sharpness / median`;
    case "low_information":
      return `low information: gray-level entropy ≤ ${t.low_information} bits; score 1 − entropy / 8`;
    case "noisy":
      return `noisy: 1 − correlation of neighbouring pixels ≥ ${t.noisy} (pictures ~0.05–0.3, pure noise ~1); score that value`;
    case "odd_aspect_ratio":
      return `odd aspect ratio of the original file: |robust z| ≥ ${t.odd_aspect_ratio}; score |z|`;
    case "odd_size":
      return `odd size (pixel area) of the original file: |robust z| ≥ ${t.odd_size}; score |z|`;
    case "grayscale":
      return `grayscale in a colour dataset: colourfulness ≤ ${t.grayscale}; score 1 − colourfulness`;
    case "exact_duplicate":
      return "exact duplicate: same pixels as an earlier image (which is kept); score 1";
    case "near_duplicate":
      return `near duplicate: perceptual hash within ${t.near_duplicate} of 64 bits of an earlier image; score 1 − distance / 64`;
    case "embedding_outlier":
      return `embedding outlier: robust z of the k-NN distance of its embedding ≥ ${t.embedding_outlier}; score z`;
    case "low_confidence":
      return `likely label error: p(label) ≤ ${t.low_confidence} while the model is confident of another class; score 1 − p(label)`;
  }
}
