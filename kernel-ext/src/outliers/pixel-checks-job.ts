import { existsSync } from "node:fs";
import type { Worker } from "node:worker_threads";
import type { ImageDataset } from "../data/image-dataset";
import { Progress } from "../display/progress";
import { InterruptedError, interruptSignal } from "../util/interrupt";
import { spawnWorkerScript, workerScriptBeside } from "../util/worker-script";
import type { IssueKind, OutlierThresholds } from "./issue-kinds";
import { scannedIssues, type CheckResult } from "./pixel-checks";
import type { PixelJob, PixelJobMessage } from "./pixel-checks-worker";

/** Largest pixel copy handed to a worker (more runs on the main thread: no second copy of a big dataset). */
export const MAX_WORKER_BYTES = 512 * 1024 * 1024;

/** Pixel and duplicate checks under way; `cancel` stops a worker that still runs. */
export interface PixelChecksJob {
  /** [pixelIssues, duplicateIssues] results. */
  results: Promise<CheckResult[]>;
  /** Where the results were computed: "main" when the worker failed and this thread ran the checks instead. */
  thread(): "worker" | "main";
  cancel(): void;
}

const WORKER_SCRIPT = workerScriptBeside(__filename, "pixel-checks-worker");

function spawnWorker(job: PixelJob): Worker {
  return spawnWorkerScript(WORKER_SCRIPT, {
    workerData: job,
    transferList: [job.pixels.buffer as ArrayBuffer],
  });
}

/**
 * Starts the scan and the pixel and duplicate checks of `ds` on a worker thread, over a copy of the pixels,
 * so that this thread can run the model checks meanwhile (on a big dataset the two take similar time: on
 * 2 cores findOutliers then takes the longer of the two instead of their sum). The results are the same as
 * `scannedIssues` on this thread; the progress bar is this thread's. Undefined when the pixels are too big
 * to copy or the worker script is missing: run `scannedIssues` here then.
 */
export function startPixelChecks(
  ds: ImageDataset,
  thresholds: OutlierThresholds,
  run: ReadonlySet<IssueKind>,
  options: { progress?: boolean } = {},
): PixelChecksJob | undefined {
  const [height, width, channels] = ds.imageShape;
  if (ds.length * height * width * channels > MAX_WORKER_BYTES || !existsSync(WORKER_SCRIPT))
    return undefined;
  const inline = (): Promise<CheckResult[]> =>
    scannedIssues(ds, ds.labels, ds.classNames.length, thresholds, run, { progress: options.progress });
  const job = pixelJob(ds, thresholds, run);
  let worker: Worker | undefined;
  let settled = false;
  let thread: "worker" | "main" = "worker";
  const results = new Promise<CheckResult[]>((resolve, reject) => {
    const progress = new Progress("Checking images", ds.length, {
      unit: "images",
      enabled: options.progress ?? true,
    });
    const signal = interruptSignal();
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      void worker?.terminate();
      outcome();
    };
    const onAbort = (): void =>
      finish(() => {
        progress.fail("interrupted");
        reject(new InterruptedError("Interrupted: findOutliers stopped"));
      });
    // A worker that cannot start or fails: the same checks on this thread (a real error shows there).
    const fallBack = (): void =>
      finish(() => {
        progress.fail("continuing on the main thread");
        thread = "main";
        inline().then(resolve, reject);
      });
    if (signal?.aborted) return onAbort();
    signal?.addEventListener("abort", onAbort);
    worker = spawnWorker(job);
    worker.on("message", (message: PixelJobMessage) => {
      if ("done" in message) progress.update(message.done);
      else if ("results" in message)
        finish(() => {
          progress.finish();
          resolve(message.results);
        });
      else fallBack();
    });
    worker.on("error", fallBack);
    worker.on("exit", fallBack);
  });
  return {
    results,
    thread: () => thread,
    cancel: () => {
      if (settled) return;
      settled = true;
      void worker?.terminate();
    },
  };
}

/** A copy of the dataset's pixels (in order) and what the checks need besides, for the worker. */
function pixelJob(ds: ImageDataset, thresholds: OutlierThresholds, run: ReadonlySet<IssueKind>): PixelJob {
  const n = ds.length;
  const [height, width, channels] = ds.imageShape;
  const size = height * width * channels;
  const pixels = new Uint8Array(n * size);
  const widths = new Int32Array(n);
  const heights = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    pixels.set(ds.pixels(i), i * size);
    const meta = ds.meta(i);
    widths[i] = meta.width;
    heights[i] = meta.height;
  }
  return {
    pixels,
    imageShape: [height, width, channels],
    widths,
    heights,
    labels: Int32Array.from(ds.labels),
    classes: ds.classNames.length,
    thresholds,
    run: [...run],
  };
}
