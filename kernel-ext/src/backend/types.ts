/** The TensorFlow.js backends tslab-ml knows how to set up, best first. */
export type BackendName = "tensorflow" | "wasm" | "cpu";

/** What `initBackend` set up. */
export interface BackendInfo {
  name: BackendName;
  /** Version of the package behind the backend (tfjs-node, tfjs-backend-wasm or tfjs-core). */
  version: string;
  /** Threads the backend computes with. */
  threads: number;
}
