// Gradient of Conv2D with dilation support (see dilated-conv-grad.ts).
import * as tf from "@tensorflow/tfjs";
import { dilatedConvGradConfig } from "./dilated-conv-grad";

export const conv2dGradConfig: tf.GradConfig = dilatedConvGradConfig({
  forward: tf.Conv2D,
  inputGrad: tf.Conv2DBackpropInput,
  filterGrad: tf.Conv2DBackpropFilter,
  commonAttrs: ({ strides, pad, dataFormat, dimRoundingMode }) => ({
    strides,
    pad,
    dataFormat,
    dimRoundingMode,
  }),
});
