// Worker thread entry of pixel-checks-job.ts: runs the pixel and duplicate checks on a copy of a dataset's
// pixels and posts progress, then the results. Loads no TensorFlow.js.
import { parentPort, workerData } from "node:worker_threads";
import type { IssueKind, OutlierThresholds } from "./issue-kinds";
import { scannedIssues, type CheckResult } from "./pixel-checks";
import type { PixelSource } from "./scan-images";

/** What the main thread sends: the pixels of every image in order, and what the checks need besides. */
export interface PixelJob {
  pixels: Uint8Array;
  imageShape: [number, number, number];
  /** The original files' sizes (ImageDataset.meta). */
  widths: Int32Array;
  heights: Int32Array;
  labels: Int32Array;
  classes: number;
  thresholds: OutlierThresholds;
  run: IssueKind[];
}

/** What the worker posts: progress, then either the results or an error message. */
export type PixelJobMessage = { done: number } | { results: CheckResult[] } | { error: string };

/** The copied pixels, read like the dataset they came from. */
class CopiedPixels implements PixelSource {
  readonly length: number;
  private readonly size: number;

  constructor(private readonly job: PixelJob) {
    const [height, width, channels] = job.imageShape;
    this.size = height * width * channels;
    this.length = job.labels.length;
  }

  get imageShape(): [number, number, number] {
    return this.job.imageShape;
  }

  pixels(i: number): Uint8Array {
    return this.job.pixels.subarray(i * this.size, (i + 1) * this.size);
  }

  meta(i: number): { width: number; height: number } {
    return { width: this.job.widths[i] as number, height: this.job.heights[i] as number };
  }
}

const port = parentPort;
if (port) {
  const job = workerData as PixelJob;
  const post = (message: PixelJobMessage): void => port.postMessage(message);
  scannedIssues(new CopiedPixels(job), job.labels, job.classes, job.thresholds, new Set(job.run), {
    progress: false,
    onProgress: (done) => post({ done }),
  }).then(
    (results) => post({ results }),
    (error: unknown) => post({ error: error instanceof Error ? error.message : String(error) }),
  );
}
