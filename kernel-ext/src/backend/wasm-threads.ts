// Multi-threaded wasm in Node. tfjs-backend-wasm ships a threaded SIMD build (an XNNPACK thread
// pool on emscripten pthreads) but only enables it in browsers (tfjs issue #3830): in Node its
// feature flag answers false, its pthread workers are handed blob: URLs that worker_threads refuses,
// and its C++ caps the pool at half the logical cores. Node's worker_threads can run that build all
// the same when, during the backend's start only:
//   - the worker script and the module script are written to files instead of blob: URLs
//     (the module script gets the CommonJS aliases its bundle defined outside the factory);
//   - os.cpus() reports two entries per wanted thread, so that the cap lets them through;
//   - the workers, which run plain JavaScript, start without the parent's execArgv (under
//     `node --import tsx` each of the eight pool workers would otherwise load tsx's hooks).
// Everything is put back as soon as the backend has started, and the pool workers are unref'd so
// that the process can still exit on its own. The shims match the pinned tfjs-backend-wasm build
// exactly; any other version starts single-threaded.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import workerThreads from "node:worker_threads";
import * as tf from "@tensorflow/tfjs";
import { trackTemporary } from "../util/temporary-files";

type WasmModule = typeof import("@tensorflow/tfjs-backend-wasm");

/** The tfjs-backend-wasm build whose threaded bundle the shims below were written for. */
export const THREADED_WASM_VERSION = "4.22.0";

const MODULE_SCRIPT_START = "var WasmBackendModuleThreadedSimd";
// tf-backend-wasm.node.js requires these at its top and its threaded factory refers to them.
const MODULE_PRELUDE =
  "var require$$0 = require('fs'), require$$1 = require('path'), require$$3 = require('perf_hooks'), " +
  "require$$4 = require('os'), commonjsGlobal = globalThis;\n";

/** Why the threaded build cannot be used here, or undefined when it can. */
export function threadedWasmUnsupported(wasm: WasmModule): string | undefined {
  if (wasm.version_wasm !== THREADED_WASM_VERSION) {
    return `tfjs-backend-wasm ${wasm.version_wasm} is not the build (${THREADED_WASM_VERSION}) tslab-ml knows how to thread`;
  }
  if (typeof SharedArrayBuffer !== "function") return "SharedArrayBuffer is unavailable";
  if (typeof Blob !== "function" || typeof URL.createObjectURL !== "function")
    return "Blob URLs are unavailable";
  return undefined;
}

/**
 * Starts the wasm backend with `threads` XNNPACK threads (the first tf.setBackend("wasm") of the
 * process must be this one). Resolves to tf.setBackend's answer.
 */
export async function setBackendThreaded(wasm: WasmModule, threads: number): Promise<boolean> {
  const dir = mkdtempSync(join(os.tmpdir(), "tslab-ml-wasm-"));
  const moduleScript = join(dir, "module.js");
  const workerScript = join(dir, "worker.js");
  // The pthread workers read both files while the backend starts; later workers (none with a pool
  // this size) would too, so the files stay until the process exits.
  trackTemporary(dir);

  const texts = new WeakMap<Blob, string>();
  const OriginalBlob = globalThis.Blob;
  const originalCreateObjectURL = URL.createObjectURL;
  const originalCpus = os.cpus;
  const OriginalWorker = workerThreads.Worker;
  type BlobArgs = ConstructorParameters<typeof Blob>;
  class RecordingBlob extends OriginalBlob {
    constructor(parts?: BlobArgs[0], options?: BlobArgs[1]) {
      super(parts ?? [], options);
      const text = (parts ?? []).every((p) => typeof p === "string")
        ? (parts as string[]).join("")
        : undefined;
      if (text === undefined) return;
      texts.set(this, text);
      // Posted to the workers as a Blob, which they cannot load: they get the file (below).
      if (text.startsWith(MODULE_SCRIPT_START)) writeFileSync(moduleScript, MODULE_PRELUDE + text);
    }
  }
  globalThis.Blob = RecordingBlob;
  URL.createObjectURL = (blob: Blob): string => {
    const text = texts.get(blob);
    if (text === undefined) return originalCreateObjectURL(blob);
    // The only other blob: URL asked for is the pthread worker script; inside it, the module Blob it
    // receives resolves to the module file.
    const prelude =
      `URL.createObjectURL = () => ${JSON.stringify(moduleScript)};\n` +
      "URL.revokeObjectURL = () => undefined;\n";
    writeFileSync(workerScript, prelude + text);
    return workerScript;
  };
  type WorkerArgs = ConstructorParameters<typeof workerThreads.Worker>;
  workerThreads.Worker = class extends OriginalWorker {
    constructor(filename: WorkerArgs[0], options?: WorkerArgs[1]) {
      super(filename, { ...options, execArgv: [] });
    }
  };
  const cpus = originalCpus();
  os.cpus = () => Array.from({ length: Math.max(cpus.length, 2 * threads) }, (_, i) => cpus[i % cpus.length]);
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  wasm.setThreadsCount(threads);
  try {
    const started = await tf.setBackend("wasm");
    if (started) unrefPoolWorkers(OriginalWorker);
    return started;
  } finally {
    globalThis.Blob = OriginalBlob;
    URL.createObjectURL = originalCreateObjectURL;
    os.cpus = originalCpus;
    workerThreads.Worker = OriginalWorker;
  }
}

/**
 * Emscripten refs a worker while it runs a pthread, and XNNPACK's pool threads run forever: without
 * this the process could never exit on its own.
 */
function unrefPoolWorkers(WorkerClass: typeof workerThreads.Worker): void {
  const module = (
    tf.backend() as unknown as {
      wasm?: { PThread?: { runningWorkers?: unknown[]; unusedWorkers?: unknown[] } };
    }
  ).wasm;
  const pool = module?.PThread;
  for (const worker of [...(pool?.runningWorkers ?? []), ...(pool?.unusedWorkers ?? [])]) {
    if (worker instanceof WorkerClass) worker.unref();
  }
}

/** Makes the next wasm start single-threaded (after a failed threaded one). */
export function resetToSingleThread(wasm: WasmModule): void {
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
  wasm.setThreadsCount(1);
}
