// Gradient of DepthwiseConv2dNative that also accepts dilations > 1 (tfjs-core's asserts dilation
// 1). Dilation 1 is computed as tfjs-core does; dilation d through the effective filter, so that
// backends whose depthwise gradient kernels ignore the dilation attribute (cpu) stay correct.
import * as tf from "@tensorflow/tfjs";
import { attrMap, dilationPair, effectiveFilter, realTaps } from "./dilated-filter";

const gradFunc: tf.GradConfig["gradFunc"] = (dy, saved, attrs) => {
  const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
  const { strides, pad, dimRoundingMode } = attrs as unknown as tf.DepthwiseConv2dNativeAttrs;
  const dilations = dilationPair((attrs as unknown as tf.DepthwiseConv2dNativeAttrs).dilations);
  const dilated = dilations[0] > 1 || dilations[1] > 1;
  const common = { strides, pad, dimRoundingMode, dilations: 1 };
  const taps = (): tf.Tensor4D => (dilated ? effectiveFilter(filter, dilations) : filter);
  return {
    x: () =>
      tf.tidy(() =>
        tf
          .engine()
          .runKernel(
            tf.DepthwiseConv2dNativeBackpropInput,
            { dy: dy as tf.Tensor, filter: taps() },
            attrMap({ ...common, inputShape: x.shape }),
          ),
      ),
    filter: () =>
      tf.tidy(() => {
        const filterShape = taps().shape;
        const grad = tf
          .engine()
          .runKernel(
            tf.DepthwiseConv2dNativeBackpropFilter,
            { x, dy: dy as tf.Tensor },
            attrMap({ ...common, filterShape }),
          ) as tf.Tensor4D;
        return dilated ? realTaps(grad, dilations) : grad;
      }),
  };
};

export const depthwiseGradConfig: tf.GradConfig = {
  kernelName: tf.DepthwiseConv2dNative,
  inputsToSave: ["x", "filter"],
  gradFunc,
};
