// Gradient of DepthwiseConv2dNative with dilation support (see dilated-conv-grad.ts). The dilation goes
// into the effective filter, so backends whose depthwise gradient kernels ignore it (cpu) stay correct.
import * as tf from "@tensorflow/tfjs";
import { dilatedConvGradConfig } from "./dilated-conv-grad";

export const depthwiseGradConfig: tf.GradConfig = dilatedConvGradConfig({
  forward: tf.DepthwiseConv2dNative,
  inputGrad: tf.DepthwiseConv2dNativeBackpropInput,
  filterGrad: tf.DepthwiseConv2dNativeBackpropFilter,
  commonAttrs: ({ strides, pad, dimRoundingMode }) => ({ strides, pad, dimRoundingMode, dilations: 1 }),
});
