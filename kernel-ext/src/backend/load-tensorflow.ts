// The native backend: @tensorflow/tfjs-node is an optionalDependency (its install downloads
// libtensorflow and fails on machines without network access), so it is only ever required here,
// lazily, inside try/catch.
import { availableParallelism } from "node:os";
import { createRequire } from "node:module";
import * as tf from "@tensorflow/tfjs";
import { registerDilationGradients } from "./gradients/register";
import { BackendUnavailableError, describeCause } from "./unavailable-error";
import type { BackendInfo } from "./types";

const PACKAGE = "@tensorflow/tfjs-node";

export async function loadTensorflow(): Promise<BackendInfo> {
  const requireHere = createRequire(__filename);
  let version: string;
  try {
    requireHere(PACKAGE);
    version = (requireHere(`${PACKAGE}/package.json`) as { version: string }).version;
  } catch (cause) {
    throw new BackendUnavailableError(
      "tensorflow",
      `The "tensorflow" backend needs ${PACKAGE}, which could not be loaded (${describeCause(cause)}). ` +
        `Install it with \`npm install ${PACKAGE}@${tf.version_core}\` (its install script downloads ` +
        `libtensorflow, so it needs network access), or use initBackend("wasm").`,
      { cause },
    );
  }
  // tfjs-node registers its backend into the tfjs-core it resolves; a second copy of tfjs-core
  // (a version mismatch) would leave this engine without it.
  if (tf.findBackendFactory("tensorflow") == null) {
    throw new BackendUnavailableError(
      "tensorflow",
      `${PACKAGE} ${version} loaded but registered its backend with another copy of tfjs-core than ` +
        `@tensorflow/tfjs ${tf.version_core}; install ${PACKAGE}@${tf.version_core} so both share one.`,
    );
  }
  registerDilationGradients();
  if (!(await tf.setBackend("tensorflow"))) {
    throw new BackendUnavailableError(
      "tensorflow",
      `${PACKAGE} ${version} is installed but its backend failed to start.`,
    );
  }
  // libtensorflow's intra-op pool defaults to one thread per logical core.
  return { name: "tensorflow", version, threads: availableParallelism() };
}
