import * as tf from "@tensorflow/tfjs";
import { ImageDataset } from "../../data/image-dataset";
import { computeEmbeddings } from "../../outliers/embeddings";
import { sampleIndices, seededRandom } from "../../util/random";
import { collectPredictions, type Predictions } from "../mispredictions/predictions";
import { distance2, kMeans } from "./kmeans";
import { neighbourhoods } from "./neighbourhood";

export interface MissingExamplesOptions {
  /** Error clusters to form (default: about √(errors / 2), 2 to 10). */
  clusters?: number;
  /** Layer (name or index) whose output is the embedding (default: the penultimate representation). */
  embeddingLayer?: string | number;
  /** Predictions already collected on `test`. */
  predictions?: Predictions;
  /** Nearest training images shown per cluster (default 6). */
  neighbors?: number;
  /** Correctly predicted test images sampled as the reference density (default 300). */
  referenceSample?: number;
  seed?: number;
  batchSize?: number;
  progress?: boolean;
}

/** One group of test errors that look alike to the model, and how well the training set covers them. */
export interface ErrorCluster {
  /** Test-set indices of its mispredicted images, closest to the cluster's centre first. */
  errors: number[];
  /** The class the model predicted for each of `errors`. */
  predictedLabels: number[];
  /** The most common actual class and predicted class of those errors, and their shares. */
  actual: number;
  actualShare: number;
  predicted: number;
  predictedShare: number;
  /** Median distance of the errors to the centre (embedding space, rows scaled to unit length). */
  radius: number;
  /** Training images within `radius` of the centre. */
  trainNearby: number;
  /** The median count of training images within the same radius of correctly predicted test images. */
  typicalNearby: number;
  /**
   * trainNearby / typicalNearby: how densely the training set covers this kind of image compared with the
   * kinds the model gets right. Far below 1: examples like these are missing from training.
   */
  coverage: number;
  /** The training images nearest the centre, closest first: what the model learnt these from. */
  nearestTrain: { index: number; label: number; distance: number }[];
}

export interface MissingExamplesResult {
  /** Clusters, least covered (lowest coverage) first. */
  clusters: ErrorCluster[];
  errors: number;
  testSize: number;
  trainSize: number;
  layer: string;
}

/** Rows scaled to unit length: distances then compare directions, not the scale of activations. */
function unitRows(values: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length / dim; i++) {
    let s = 0;
    for (let d = 0; d < dim; d++) s += (values[i * dim + d] as number) ** 2;
    const scale = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let d = 0; d < dim; d++) out[i * dim + d] = (values[i * dim + d] as number) * scale;
  }
  return out;
}

function rows(values: Float32Array, dim: number, indices: readonly number[]): Float32Array {
  const out = new Float32Array(indices.length * dim);
  indices.forEach((i, k) => out.set(values.subarray(i * dim, (i + 1) * dim), k * dim));
  return out;
}

function mode(values: number[]): { value: number; share: number } {
  const counts = new Map<number, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best = values[0] as number;
  for (const [v, c] of counts)
    if (c > (counts.get(best) as number) || (c === counts.get(best) && v < best)) best = v;
  return { value: best, share: (counts.get(best) as number) / values.length };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Which kinds of examples the training set lacks: the test errors are grouped by how the model sees them
 * (k-means on its embeddings), and each group's neighbourhood in the training set is counted — how many
 * training images lie within the group's radius, against the same count around test images the model gets
 * right. A group of errors in a sparsely covered region is a kind of image to collect more of.
 */
export async function analyseMissingExamples(
  model: tf.LayersModel,
  train: ImageDataset,
  test: ImageDataset,
  options: MissingExamplesOptions = {},
): Promise<MissingExamplesResult> {
  if (!(model instanceof tf.LayersModel))
    throw new TypeError(
      "missingExamples: the first argument must be a tf.LayersModel (its embeddings are used)",
    );
  if (!(train instanceof ImageDataset) || !(test instanceof ImageDataset))
    throw new TypeError("missingExamples: train and test must be ImageDatasets");
  const progress = options.progress;
  const predictions =
    options.predictions ??
    (await collectPredictions(model, test, { batchSize: options.batchSize, progress }));
  if (predictions.labels.length !== test.length)
    throw new Error(
      `missingExamples: predictions cover ${predictions.labels.length} images, test has ${test.length}`,
    );
  const wrong: number[] = [];
  const right: number[] = [];
  predictions.predicted.forEach((p, i) => (p === predictions.labels[i] ? right : wrong).push(i));
  const embed = (ds: ImageDataset): ReturnType<typeof computeEmbeddings> =>
    computeEmbeddings(model, ds, {
      embeddingLayer: options.embeddingLayer,
      batchSize: options.batchSize,
      progress,
    });
  const result: MissingExamplesResult = {
    clusters: [],
    errors: wrong.length,
    testSize: test.length,
    trainSize: train.length,
    layer: "",
  };
  if (wrong.length < 2 || right.length === 0 || train.length === 0) return result;
  const testEmb = await embed(test);
  const trainEmb = await embed(train);
  const dim = testEmb.dim;
  result.layer = testEmb.layer;
  const testUnit = unitRows(testEmb.values, dim);
  const trainUnit = unitRows(trainEmb.values, dim);
  const errorPoints = rows(testUnit, dim, wrong);
  const k = options.clusters ?? Math.max(2, Math.min(10, Math.round(Math.sqrt(wrong.length / 2))));
  const clustering = kMeans(errorPoints, dim, k, options.seed ?? 0);
  const members: number[][] = Array.from({ length: clustering.k }, () => []);
  clustering.assignment.forEach((c, j) => members[c]!.push(j));
  const radii = members.map((m, c) =>
    Math.max(1e-6, Math.sqrt(median(m.map((j) => distance2(errorPoints, j, clustering.centroids, c, dim))))),
  );
  const neighbors = options.neighbors ?? 6;
  const centres = await neighbourhoods(clustering.centroids, trainUnit, dim, radii, neighbors);
  const reference = sampleIndices(
    right.length,
    options.referenceSample ?? 300,
    seededRandom(options.seed ?? 0),
  ).map((j) => right[j] as number);
  const around = await neighbourhoods(rows(testUnit, dim, reference), trainUnit, dim, radii, 0);
  result.clusters = members
    .map((m, c): ErrorCluster => {
      const byDistance = [...m].sort(
        (a, b) =>
          distance2(errorPoints, a, clustering.centroids, c, dim) -
          distance2(errorPoints, b, clustering.centroids, c, dim),
      );
      const errors = byDistance.map((j) => wrong[j] as number);
      const actual = mode(errors.map((i) => predictions.labels[i] as number));
      const predicted = mode(errors.map((i) => predictions.predicted[i] as number));
      const typical = median(around.map((a) => a.within[c] as number));
      const nearby = centres[c]?.within[c] as number;
      return {
        errors,
        predictedLabels: errors.map((i) => predictions.predicted[i] as number),
        actual: actual.value,
        actualShare: actual.share,
        predicted: predicted.value,
        predictedShare: predicted.share,
        radius: radii[c] as number,
        trainNearby: nearby,
        typicalNearby: typical,
        coverage: nearby / Math.max(typical, 1),
        nearestTrain: (centres[c]?.nearest ?? []).map(({ row, distance }) => ({
          index: row,
          label: train.label(row),
          distance,
        })),
      };
    })
    .sort((a, b) => a.coverage - b.coverage || b.errors.length - a.errors.length);
  return result;
}
