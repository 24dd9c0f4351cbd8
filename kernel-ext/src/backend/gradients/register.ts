// Gradient registrations that let dilated convolutions train (on every backend).
import * as tf from "@tensorflow/tfjs";
import { conv2dGradConfig } from "./conv2d-grad";
import { depthwiseGradConfig } from "./depthwise-grad";
import { patchFusedConv2dForDilation } from "./fused-conv2d";

let registered = false;

export function registerDilationGradients(): void {
  if (registered) return;
  tf.registerGradient(conv2dGradConfig);
  tf.registerGradient(depthwiseGradConfig);
  patchFusedConv2dForDilation();
  registered = true;
}
