import type * as tf from "@tensorflow/tfjs";
import { tableHtml } from "tslab-ml-protocol";
import type { ImageDataset } from "../../data/image-dataset";
import { ImageBatch } from "../image-batch";
import {
  analyseMissingExamples,
  type MissingExamplesOptions,
  type MissingExamplesResult,
} from "./missing-examples";

// Per cluster row: its errors closest to the centre, then the training images nearest it.
const ERRORS_PER_ROW = 4;
const TRAIN_PER_ROW = 4;

/**
 * The error clusters of a test set as an image grid, one row per cluster (least covered first): its
 * mispredicted images (actual → predicted), then the training images nearest it (label, distance); the
 * first caption of a row says how densely training covers the cluster. `clusters` holds the full analysis.
 */
export class MissingExamples extends ImageBatch {
  /** Clusters, least covered first (see ErrorCluster). */
  readonly clusters: MissingExamplesResult["clusters"];
  readonly errors: number;

  constructor(
    grid: ConstructorParameters<typeof ImageBatch>[0],
    options: ConstructorParameters<typeof ImageBatch>[1],
    private readonly result: MissingExamplesResult,
  ) {
    super(grid, options);
    this.clusters = result.clusters;
    this.errors = result.errors;
  }

  protected override fallbackHtml(): string {
    // The shared table renderer: escaped, styled and worded when empty like every other widget's table.
    const table = tableHtml({
      className: "tslab-ml-clusters",
      columns: [
        { key: "cluster", label: "cluster" },
        { key: "errors", label: "errors" },
        { key: "nearby", label: "training images near it / near correct ones" },
        { key: "coverage", label: "coverage", format: (v) => (typeof v === "number" ? v.toFixed(2) : "—") },
      ],
      rows: this.result.clusters.map((c, k) => ({
        cluster: k + 1,
        errors: c.errors.length,
        nearby: `${c.trainNearby} / ${c.typicalNearby}`,
        coverage: c.coverage,
      })),
      empty: "no error clusters: every test image is predicted right",
    });
    return `<div class="tslab-ml-missing-examples">${table}${super.fallbackHtml()}</div>`;
  }

  override toString(): string {
    const lines = [
      `missingExamples: ${this.errors} errors in ${this.clusters.length} clusters (least covered first)`,
    ];
    this.clusters.forEach((c, k) =>
      lines.push(
        `  ${k + 1}. ${c.errors.length} errors, coverage ${c.coverage.toFixed(2)} (${c.trainNearby} training images near vs ${c.typicalNearby} typical)`,
      ),
    );
    return lines.join("\n");
  }
}

/**
 * Which kinds of examples the training set lacks, near the model's errors: the test set's mispredictions are
 * clustered in the model's embedding space; each cluster shows its errors, the nearest training images with
 * their labels, and how many training images lie within its radius compared with around correctly predicted
 * test images (coverage; far below 1 = collect more examples like these).
 *
 * @example const gaps = await missingExamples(model, train, test); gaps.clusters[0]
 */
export async function missingExamples(
  model: tf.LayersModel,
  train: ImageDataset,
  test: ImageDataset,
  options: MissingExamplesOptions = {},
): Promise<MissingExamples> {
  const result = await analyseMissingExamples(model, train, test, options);
  const [height, width, channels] = test.imageShape;
  const images: Uint8Array[] = [];
  const captions: string[] = [];
  const name = (ds: ImageDataset, label: number): string => ds.classNames[label] ?? String(label);
  const blank = new Uint8Array(height * width * channels).fill(255);
  result.clusters.forEach((c, k) => {
    for (let j = 0; j < ERRORS_PER_ROW; j++) {
      const index = c.errors[j];
      images.push(index === undefined ? blank : test.pixels(index));
      const head = j === 0 ? `cluster ${k + 1}: coverage ${c.coverage.toFixed(2)} · ` : "";
      captions.push(
        index === undefined
          ? ""
          : `${head}error #${index}: ${name(test, test.label(index))} → ${name(test, c.predictedLabels[j] as number)}`,
      );
    }
    for (let j = 0; j < TRAIN_PER_ROW; j++) {
      const near = c.nearestTrain[j];
      images.push(near ? train.pixels(near.index) : blank);
      captions.push(
        near ? `train #${near.index}: ${name(train, near.label)} (d ${near.distance.toFixed(2)})` : "",
      );
    }
  });
  const side = Math.max(width, height);
  const title =
    result.clusters.length === 0
      ? `missingExamples: ${result.errors} errors in ${result.testSize} test images — nothing to cluster`
      : `${result.errors} errors in ${result.testSize} test images, ${result.clusters.length} clusters, least covered by ` +
        `the ${result.trainSize} training images first: ${ERRORS_PER_ROW} errors, then the nearest training images`;
  return new MissingExamples(
    {
      width,
      height,
      channels: channels as 1 | 3 | 4,
      images: images.length ? images : [blank],
      scaling: "",
    },
    {
      title,
      captions: images.length ? captions : ["no errors"],
      cols: ERRORS_PER_ROW + TRAIN_PER_ROW,
      thumbSize: Math.min(96, side * Math.max(1, Math.ceil(64 / side))),
    },
    result,
  );
}
