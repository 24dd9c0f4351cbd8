import * as tf from "@tensorflow/tfjs";
import { ImageDataset } from "../data/image-dataset";
import type { Classifier } from "../inspect/mispredictions/model-output";
import { collectPredictions, type Predictions } from "../inspect/mispredictions/predictions";
import { computeEmbeddings, embeddingsAndPredictions, type Embeddings } from "./embeddings";
import {
  DEFAULT_THRESHOLDS,
  ISSUE_KINDS,
  type IssueKind,
  type OutlierIssue,
  type OutlierThresholds,
} from "./issue-kinds";
import { knnDistances } from "./knn";
import { confidentLearningIssues, labelScores } from "./confident-learning";
import { OutlierReport } from "./outlier-report";
import { startPixelChecks } from "./pixel-checks-job";
import {
  SCANNED_KINDS,
  scannedIssues,
  shapeIssues,
  type CheckResult,
  type KindScores,
  type SkippedCheck,
} from "./pixel-checks";
import { robustZ } from "./robust-z";

/** Options of `findOutliers`; every field is optional. */
export interface FindOutliersOptions {
  /** A classifier: its predictions drive low_confidence; a tf.LayersModel also gives embeddings. */
  model?: Classifier;
  /** Layer (name or index) whose output is the embedding; default the penultimate representation. */
  embeddingLayer?: string | number;
  /** Kinds to check (default: all that can run with what is given). */
  checks?: readonly IssueKind[];
  /** Overrides of DEFAULT_THRESHOLDS (units in OutlierThresholds). */
  thresholds?: Partial<OutlierThresholds>;
  /** Predictions already collected on this dataset (instead of running the model again). */
  predictions?: Predictions;
  /** Embeddings already computed for this dataset: { values, dim } or an [n, dim] tensor. */
  embeddings?: Pick<Embeddings, "values" | "dim"> | tf.Tensor2D;
  /** Neighbours for embedding_outlier (default 10). */
  neighbors?: number;
  /** Largest k-NN reference set (see KnnOptions.maxReference). */
  maxReference?: number;
  batchSize?: number;
  /** Thumbnails per tab page (default 24). */
  pageSize?: number;
  title?: string;
  progress?: boolean;
}

const MODEL_KINDS: readonly IssueKind[] = ["embedding_outlier", "low_confidence"];
// Floor of the spread of log k-NN distances: a dataset of near-identical embeddings has no outliers.
const MIN_LOG_DISTANCE_SCALE = 0.05;

function checkOptions(
  ds: ImageDataset,
  options: FindOutliersOptions,
): { run: Set<IssueKind>; thresholds: OutlierThresholds } {
  if (!(ds instanceof ImageDataset))
    throw new TypeError("findOutliers: the first argument must be an ImageDataset");
  if (ds.length === 0) throw new Error("findOutliers: the dataset has no images");
  for (const kind of options.checks ?? []) {
    if (!ISSUE_KINDS.includes(kind))
      throw new RangeError(`findOutliers: unknown check "${kind}"; checks: ${ISSUE_KINDS.join(", ")}`);
  }
  const thresholds = { ...DEFAULT_THRESHOLDS };
  for (const [key, value] of Object.entries(options.thresholds ?? {})) {
    if (!(key in thresholds)) {
      throw new RangeError(
        `findOutliers: no threshold "${key}"; thresholds: ${Object.keys(DEFAULT_THRESHOLDS).join(", ")}`,
      );
    }
    if (typeof value !== "number" || Number.isNaN(value))
      throw new TypeError(`findOutliers: thresholds.${key} must be a number`);
    thresholds[key as keyof OutlierThresholds] = value;
  }
  if (options.predictions && options.predictions.labels.length !== ds.length) {
    throw new Error(
      `findOutliers: predictions cover ${options.predictions.labels.length} images, the dataset has ${ds.length}`,
    );
  }
  return { run: new Set(options.checks ?? ISSUE_KINDS), thresholds };
}

type GivenEmbeddings = Pick<Embeddings, "values" | "dim">;

/** What the model checks run on: embeddings and predictions, or why each is missing. */
interface ModelInputs {
  embeddings: GivenEmbeddings | string | undefined;
  predictions: Predictions | string | undefined;
}

async function givenEmbeddings(
  ds: ImageDataset,
  given: GivenEmbeddings | tf.Tensor2D,
): Promise<GivenEmbeddings> {
  if (given instanceof tf.Tensor) {
    if (given.rank !== 2 || given.shape[0] !== ds.length) {
      throw new Error(
        `findOutliers: embeddings must be [${ds.length}, dim], got [${given.shape.join(", ")}]`,
      );
    }
    return { values: Float32Array.from(await given.data()), dim: given.shape[1] };
  }
  if (given.values.length !== ds.length * given.dim) {
    throw new Error(
      `findOutliers: ${given.values.length} embedding values are not ${ds.length} rows of ${given.dim}`,
    );
  }
  return given;
}

/**
 * Embeddings (for embedding_outlier) and predictions (for low_confidence), each only when its check runs:
 * given ones first, else from the model — in one forward pass when both come from a tf.LayersModel.
 */
async function modelInputs(
  ds: ImageDataset,
  options: FindOutliersOptions,
  run: ReadonlySet<IssueKind>,
): Promise<ModelInputs> {
  const { model } = options;
  const pass = {
    embeddingLayer: options.embeddingLayer,
    batchSize: options.batchSize,
    progress: options.progress,
  };
  const wantEmbeddings = run.has("embedding_outlier");
  const wantPredictions = run.has("low_confidence");
  const layers = model instanceof tf.LayersModel ? model : undefined;
  if (wantEmbeddings && wantPredictions && layers && !options.embeddings && !options.predictions)
    return embeddingsAndPredictions(layers, ds, pass);
  let embeddings: ModelInputs["embeddings"];
  if (wantEmbeddings) {
    if (options.embeddings) embeddings = await givenEmbeddings(ds, options.embeddings);
    else if (layers) embeddings = await computeEmbeddings(layers, ds, pass);
    else
      embeddings = model
        ? "embeddings need a tf.LayersModel (or pass { embeddings })"
        : "needs a model (or { embeddings })";
  }
  let predictions: ModelInputs["predictions"];
  if (wantPredictions) {
    predictions =
      options.predictions ??
      (model
        ? await collectPredictions(model, ds, { batchSize: options.batchSize, progress: options.progress })
        : "needs a model (or { predictions })");
  }
  return { embeddings, predictions };
}

async function modelIssues(
  ds: ImageDataset,
  options: FindOutliersOptions,
  thresholds: OutlierThresholds,
  run: ReadonlySet<IssueKind>,
): Promise<CheckResult> {
  const issues: OutlierIssue[] = [];
  const skipped: SkippedCheck[] = [];
  const scores: KindScores = new Map();
  const { embeddings, predictions } = await modelInputs(ds, options, run);
  if (typeof embeddings === "string") skipped.push({ kind: "embedding_outlier", reason: embeddings });
  else if (embeddings) {
    const distances = await knnDistances(embeddings.values, embeddings.dim, {
      k: options.neighbors,
      maxReference: options.maxReference,
      progress: options.progress,
    });
    const z = robustZ(
      Float64Array.from(distances, (d) => Math.log(Math.max(d, 1e-12))),
      MIN_LOG_DISTANCE_SCALE,
    );
    scores.set("embedding_outlier", z);
    z.forEach((score, index) => {
      if (score >= thresholds.embedding_outlier) issues.push({ index, kind: "embedding_outlier", score });
    });
  }
  if (typeof predictions === "string") skipped.push({ kind: "low_confidence", reason: predictions });
  else if (predictions) {
    // An image far from all others is out of distribution: no class fits it, so the model's confident
    // vote for another class says nothing about its label. It is reported as an embedding outlier only.
    const outliers = new Set(issues.filter((i) => i.kind === "embedding_outlier").map((i) => i.index));
    const self = labelScores(predictions);
    scores.set("low_confidence", Float64Array.from(self));
    for (const { index, score } of confidentLearningIssues(predictions)) {
      if (!outliers.has(index) && score >= 1 - thresholds.low_confidence)
        issues.push({ index, kind: "low_confidence", score });
    }
  }
  return { issues, skipped, scores };
}

/**
 * Scans a dataset for images to look at before training: by pixels (dark, light, blurry, low_information,
 * grayscale), by the original files' shapes (odd_aspect_ratio, odd_size), duplicates (exact, near) and,
 * with a model, by embeddings (embedding_outlier) and confidence in the given label (low_confidence).
 * Returns an OutlierReport widget; `report.issues` lists { index, kind, score }. With a model (or
 * embeddings), the pixel checks run on a worker thread meanwhile, and a tf.LayersModel gives embeddings and
 * predictions in one forward pass.
 * @example const report = await findOutliers(ds, { model }); report.excluded.add(report.issues[0].index);
 */
export async function findOutliers(
  ds: ImageDataset,
  options: FindOutliersOptions = {},
): Promise<OutlierReport> {
  const { run, thresholds } = checkOptions(ds, options);
  const issues: OutlierIssue[] = [];
  const skipped: SkippedCheck[] = [];
  const scores: KindScores = new Map();
  const add = (result: CheckResult): void => {
    issues.push(...result.issues);
    skipped.push(...result.skipped);
    for (const [kind, values] of result.scores) scores.set(kind, values);
  };
  const scanning = SCANNED_KINDS.some((k) => run.has(k));
  const modelWork =
    MODEL_KINDS.some((k) => run.has(k)) && (options.model !== undefined || options.embeddings !== undefined);
  // With model work to do, the pixel checks run on a worker thread meanwhile (when one can start).
  const worker =
    scanning && modelWork ? startPixelChecks(ds, thresholds, run, { progress: options.progress }) : undefined;
  // Awaited below; a failure meanwhile must not count as unhandled.
  worker?.results.catch(() => undefined);
  let model: CheckResult | undefined;
  try {
    // Without any model input, model checks are simply not part of a default scan: say so, quietly.
    if (MODEL_KINDS.some((k) => run.has(k))) model = await modelIssues(ds, options, thresholds, run);
  } catch (error) {
    worker?.cancel();
    throw error;
  }
  const scanned = worker
    ? await worker.results
    : scanning
      ? await scannedIssues(ds, ds.labels, ds.classNames.length, thresholds, run, {
          progress: options.progress,
        })
      : [];
  for (const result of scanned) add(result);
  add(shapeIssues(ds, thresholds, run));
  if (model) add(model);
  const skippedKinds = new Set(skipped.map((s) => s.kind));
  const checked = ISSUE_KINDS.filter((k) => run.has(k) && !skippedKinds.has(k));
  issues.sort((a, b) => a.index - b.index || ISSUE_KINDS.indexOf(a.kind) - ISSUE_KINDS.indexOf(b.kind));
  return new OutlierReport({
    ds,
    issues,
    thresholds,
    checked,
    skipped,
    scores,
    pageSize: options.pageSize ?? 24,
    title: options.title ?? `Outliers in ${ds.toString()}`,
  });
}
