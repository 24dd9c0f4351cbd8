// The pure-JavaScript backend of tfjs: always there, single-threaded, slow for convolutions.
import * as tf from "@tensorflow/tfjs";
import { registerDilationGradients } from "./gradients/register";
import { BackendUnavailableError } from "./unavailable-error";
import type { BackendInfo } from "./types";

export async function loadCpu(): Promise<BackendInfo> {
  registerDilationGradients();
  if (!(await tf.setBackend("cpu")))
    throw new BackendUnavailableError("cpu", `The "cpu" backend of tfjs failed to start.`);
  return { name: "cpu", version: tf.version_core, threads: 1 };
}
