// Registers tslab-ml's wasm kernels: the gradient kernels tfjs-backend-wasm lacks, and replacements
// for four it has (faster, or for MaxPoolGrad correct; each file says why). Needs
// @tensorflow/tfjs-backend-wasm loaded.
import * as tf from "@tensorflow/tfjs";
import { untransposingMatMul } from "./batch-mat-mul";
import { conv2dBackpropFilterConfig } from "./conv2d-backprop-filter";
import { conv2dBackpropInputConfig } from "./conv2d-backprop-input";
import { maxPoolGradConfig } from "./max-pool-grad";
import { depthwiseBackpropFilterConfig, depthwiseBackpropInputConfig } from "./depthwise-backprop";
import { unsortedSegmentSumConfig } from "./unsorted-segment-sum";

/** Kernels that tfjs-backend-wasm 4.22 does not have at all. */
export const addedKernelNames: readonly string[] = [
  tf.Conv2DBackpropFilter,
  tf.DepthwiseConv2dNativeBackpropFilter,
  tf.DepthwiseConv2dNativeBackpropInput,
  tf.UnsortedSegmentSum,
];

/** Kernels it has that are replaced by faster (or, for MaxPoolGrad, correct) ones. */
export const replacedKernelNames: readonly string[] = [
  tf.Conv2DBackpropInput,
  tf.MaxPoolGrad,
  tf.BatchMatMul,
  tf._FusedMatMul,
];

let registered = false;

function hasKernel(kernelName: string): boolean {
  return tf.getKernelsForBackend("wasm").some((k) => k.kernelName === kernelName);
}

function replace(config: tf.KernelConfig): void {
  tf.unregisterKernel(config.kernelName, "wasm");
  tf.registerKernel(config);
}

/** Idempotent. */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  for (const config of [
    conv2dBackpropFilterConfig,
    depthwiseBackpropFilterConfig,
    depthwiseBackpropInputConfig,
    unsortedSegmentSumConfig,
  ]) {
    // A later tfjs-backend-wasm that ships its own keeps it.
    if (!hasKernel(config.kernelName)) tf.registerKernel(config);
  }
  replace(conv2dBackpropInputConfig);
  replace(maxPoolGradConfig);
  replace(untransposingMatMul(tf.getKernel(tf.BatchMatMul, "wasm")));
  replace(untransposingMatMul(tf.getKernel(tf._FusedMatMul, "wasm")));
  registered = true;
}
