// initBackend / backendInfo: picks and starts the TensorFlow.js backend tslab-ml computes on.
import * as tf from "@tensorflow/tfjs";
import { loadCpu } from "./load-cpu";
import { loadTensorflow } from "./load-tensorflow";
import { loadWasm } from "./load-wasm";
import { registerFileRouters } from "./model-files";
import { BackendUnavailableError } from "./unavailable-error";
import type { BackendInfo, BackendName } from "./types";

const loaders: Record<BackendName, () => Promise<BackendInfo>> = {
  tensorflow: loadTensorflow,
  wasm: loadWasm,
  cpu: loadCpu,
};

/** Best first: native libtensorflow, then wasm with tslab-ml's kernels, then plain JavaScript. */
const preference: readonly BackendName[] = ["tensorflow", "wasm", "cpu"];

// file:// model paths work as soon as tslab-ml is loaded, before or without initBackend.
registerFileRouters();

const started = new Map<BackendName, BackendInfo>();
let current: BackendInfo | undefined;
let pending: Promise<BackendInfo> | undefined;

/**
 * Sets up and activates a backend: the one named, or the best available. Asking for a backend that
 * cannot run here rejects with a BackendUnavailableError saying what is missing. Cheap when the
 * backend is already the active one.
 * @example await initBackend("wasm")   // { name: "wasm", version: "4.22.0", threads: 1 }
 */
export async function initBackend(name?: BackendName): Promise<BackendInfo> {
  // Serialise: two cells racing to initialise must not interleave tf.setBackend calls.
  while (pending) await pending.catch(() => undefined);
  registerFileRouters();
  if (current && (name === undefined || name === current.name) && tf.getBackend() === current.name)
    return current;
  pending = activate(name);
  try {
    return await pending;
  } finally {
    pending = undefined;
  }
}

/**
 * The backend `initBackend` set up last (undefined before the first call; the kernel calls it at start).
 * @example backendInfo()?.name   // "wasm"
 */
export function backendInfo(): BackendInfo | undefined {
  return current;
}

async function activate(name: BackendName | undefined): Promise<BackendInfo> {
  if (name !== undefined) {
    if (!(name in loaders))
      throw new TypeError(`unknown backend "${String(name)}"; expected one of ${preference.join(", ")}`);
    return (current = await start(name));
  }
  const failures: string[] = [];
  for (const candidate of preference) {
    try {
      return (current = await start(candidate));
    } catch (error) {
      if (!(error instanceof BackendUnavailableError)) throw error;
      failures.push(error.message);
    }
  }
  throw new Error(`no TensorFlow.js backend could start:\n${failures.join("\n")}`);
}

async function start(name: BackendName): Promise<BackendInfo> {
  const known = started.get(name);
  if (known) {
    // Already set up once: switching back only needs tfjs to make it active again.
    if (!(await tf.setBackend(name)))
      throw new BackendUnavailableError(name, `The "${name}" backend failed to restart.`);
    return known;
  }
  const info = await loaders[name]();
  started.set(name, info);
  return info;
}
