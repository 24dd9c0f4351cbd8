import { join } from "node:path";
import { versions as tslabVersions } from "tslab";
import { initBackend, type BackendInfo } from "../backend";
import { setDisplaySession } from "../display/session";
import { connectTslabDisplay } from "../display/tslab-bridge";
import { makeTrainingInterruptible } from "../training/interruptible-training";
import { TSLAB_ML_VERSION } from "../version";
import { createTslabRunner } from "./cell-runner";
import { captureProcessStreams } from "./process-streams";
import { describeBackgroundError } from "./background-errors";
import { readConnectionFile } from "./connection";
import { guardProcess, type BackgroundErrorKind } from "./crash-guard";
import { KernelHandler } from "./handler";
import { preludeSource } from "./prelude";
import { preludeModuleFor } from "./prelude-declarations";
import { publicNames } from "./public-names";
import { ZmqServer } from "./zmq-server";

export interface KernelStartOptions {
  connectionFile: string;
  /** Directory cells resolve `require`/`import` from (default: the working directory, the notebook's). */
  rootDir?: string;
}

function banner(backend: BackendInfo | undefined, backendError: string | undefined): string {
  const lines = [
    `tslab-ml ${TSLAB_ML_VERSION} — TypeScript ${tslabVersions.typescript} on Node ${process.versions.node} (tslab ${tslabVersions.tslab})`,
    backend
      ? `TensorFlow.js ${backend.version} on the ${backend.name} backend, ${backend.threads} thread${backend.threads === 1 ? "" : "s"}`
      : `TensorFlow.js backend failed to start: ${backendError ?? "unknown error"}`,
    "In scope in every cell: tf, showBatch, mispredictions, findOutliers, gradientMonitor, exportOnnx, … (see `ml.`)",
  ];
  return lines.join("\n");
}

/** Starts the kernel: backend, sockets, then the prelude as the first queued cell. */
export async function startKernel(options: KernelStartOptions): Promise<void> {
  const realStderr = process.stderr.write.bind(process.stderr);
  const log = (message: string): void => void realStderr(`[tslab-ml] ${message}\n`);
  const info = readConnectionFile(options.connectionFile);
  // From here on nothing thrown outside a cell, and no process.exit() from a cell, ends the kernel.
  let reportBackgroundError = (kind: BackgroundErrorKind, error: unknown): void =>
    log(describeBackgroundError(kind, error).trimEnd());
  const guard = guardProcess((kind, error) => reportBackgroundError(kind, error));

  let backend: BackendInfo | undefined;
  let backendError: string | undefined;
  const backendStarted = initBackend();
  // TypeScript sets up (synchronously, about a second) while the backend's WebAssembly compiles.
  const runner = createTslabRunner(options.rootDir ?? process.cwd());
  runner.warmUp();
  try {
    backend = await backendStarted;
  } catch (e) {
    backendError = (e as Error).message;
    log(`backend: ${backendError}`);
  }

  makeTrainingInterruptible();
  const server = new ZmqServer(info, log);
  const handler = new KernelHandler({
    runner,
    io: server,
    identity: {
      implementationVersion: TSLAB_ML_VERSION,
      typescriptVersion: tslabVersions.typescript,
      banner: banner(backend, backendError),
    },
    log,
    onShutdown: () => {
      void server.close().finally(() => {
        runner.close();
        guard.exit(0);
      });
    },
  });
  setDisplaySession(handler);
  connectTslabDisplay(handler);

  // User code prints through process streams; its output belongs to the cell, the kernel's own logs do not.
  captureProcessStreams((name, text) => handler.writeStream(name, text));
  process.on("SIGINT", () => runner.interrupt());
  reportBackgroundError = (kind, error) => handler.reportBackgroundError(kind, error);

  await server.start((channel, message) => void handler.handle(channel, message));
  handler.publishStatus("starting", null);

  const indexDeclarations = join(__dirname, "..", "index.d.ts");
  const names = publicNames(indexDeclarations);
  await handler.enqueueStartup(async () => {
    const outcome = await runner.run(preludeSource(preludeModuleFor(indexDeclarations, log), names));
    if (outcome.status === "error")
      log(`prelude failed; helpers need an import: ${outcome.error.traceback.join("\n")}`);
  });
}
