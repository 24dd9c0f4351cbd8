// The embedded backend: tfjs-backend-wasm (XNNPACK) plus tslab-ml's gradient kernels, so that
// convolutional models train on it.
import * as tf from "@tensorflow/tfjs";
import { registerDilationGradients } from "./gradients/register";
import { registerWasmTrainingKernels } from "./kernels/register";
import { BackendUnavailableError, describeCause } from "./unavailable-error";
import { resetToSingleThread, setBackendThreaded, threadedWasmUnsupported } from "./wasm-threads";
import type { BackendInfo } from "./types";

const PACKAGE = "@tensorflow/tfjs-backend-wasm";

/** Environment variable that sets the wasm thread count (1 = single-threaded build). */
export const WASM_THREADS_ENV = "TSLAB_ML_WASM_THREADS";

export async function loadWasm(): Promise<BackendInfo> {
  let wasm: typeof import("@tensorflow/tfjs-backend-wasm");
  try {
    wasm = await import("@tensorflow/tfjs-backend-wasm");
  } catch (cause) {
    throw new BackendUnavailableError(
      "wasm",
      `The "wasm" backend needs ${PACKAGE}, which could not be loaded (${describeCause(cause)}). ` +
        `Install it with \`npm install ${PACKAGE}@${tf.version_core}\`, or use initBackend("cpu").`,
      { cause },
    );
  }
  registerWasmTrainingKernels();
  registerDilationGradients();
  const threads = wantedThreads();
  let started = false;
  try {
    if (threads > 1 && threadedWasmUnsupported(wasm) === undefined) {
      started = await setBackendThreaded(wasm, threads);
      if (!started) resetToSingleThread(wasm);
    }
    if (!started) started = await tf.setBackend("wasm");
  } catch (cause) {
    throw new BackendUnavailableError("wasm", `The "wasm" backend failed to start: ${describeCause(cause)}`, {
      cause,
    });
  }
  if (!started)
    throw new BackendUnavailableError("wasm", `The "wasm" backend failed to start (see the warning above).`);
  return { name: "wasm", version: wasm.version_wasm, threads: wasm.getThreadsCount() };
}

// Single-threaded unless asked. Measured on 2 vCPUs (bench/README-train-step.md): with 2 threads a
// 64×28×28×16→32 convolution went 29.5 → 16 ms on an idle machine, but a 64×784·784×256 product
// 1.4 → 2.5–3.5 ms, and with other processes running (as beside a notebook server and a browser)
// the CNN training step went 48.6 → 66.5 ms and the MLP's 9.2 → 22.6 ms.
function wantedThreads(): number {
  const raw = process.env[WASM_THREADS_ENV];
  if (raw === undefined || raw === "") return 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1)
    throw new TypeError(`${WASM_THREADS_ENV} must be a positive integer, got "${raw}"`);
  return n;
}
