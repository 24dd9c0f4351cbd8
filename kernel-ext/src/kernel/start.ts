import { versions as tslabVersions } from "tslab";
import { initBackend, type BackendInfo } from "../backend";
import { setDisplaySession } from "../display/session";
import { connectTslabDisplay } from "../display/tslab-bridge";
import { makeTrainingInterruptible } from "../training/interruptible-training";
import { TSLAB_ML_VERSION } from "../version";
import { createTslabRunner } from "./cell-runner";
import type { RemoteConverter } from "./compile-worker";
import { captureProcessStreams } from "./process-streams";
import { describeBackgroundError } from "./background-errors";
import { readConnectionFile } from "./connection";
import { guardProcess, type BackgroundErrorKind } from "./crash-guard";
import { KernelHandler } from "./handler";
import { preludeSource } from "./prelude";
import { PACKAGE_INDEX_DECLARATIONS, preludeModuleFor } from "./prelude-declarations";
import { publicNames } from "./public-names";
import { ZmqServer } from "./zmq-server";

export interface KernelStartOptions {
  connectionFile: string;
  /** Directory cells resolve `require`/`import` from (default: the working directory, the notebook's). */
  rootDir?: string;
  /** The cells' converter, if started already (the kernel command starts it first thing). */
  compiler?: RemoteConverter;
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
  // TypeScript sets up on its own thread (about a second and a half), then compiles the prelude, while
  // this one compiles the backend's WebAssembly and loads the modules the prelude imports.
  const runner = createTslabRunner(options.rootDir ?? process.cwd(), { compiler: options.compiler });
  const indexDeclarations = PACKAGE_INDEX_DECLARATIONS;
  const prelude = preludeSource(preludeModuleFor(indexDeclarations, log), publicNames(indexDeclarations));
  runner.warmUp(prelude);
  const backendStarted = initBackend();
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

  // Loaded now, while the prelude compiles on the other thread, rather than when the prelude runs. A
  // failure is left to the prelude to report: the kernel still starts, and cells can import what works.
  await import("../index").catch(() => undefined);
  await server.start((channel, message) => void handler.handle(channel, message));
  handler.publishStatus("starting", null);

  await handler.enqueueStartup(async () => {
    const outcome = await runner.run(prelude);
    if (outcome.status === "error")
      log(`prelude failed; helpers need an import: ${outcome.error.traceback.join("\n")}`);
  });
}
