// Gradient of Conv2D that also accepts dilations > 1 (tfjs-core's asserts dilation 1, so dilated
// Conv1D/Conv2D layers cannot train on any backend). With dilation 1 it computes exactly what
// tfjs-core's gradient computes; with dilation d it goes through the effective filter.
import * as tf from "@tensorflow/tfjs";
import { attrMap, dilationPair, effectiveFilter, realTaps } from "./dilated-filter";

const gradFunc: tf.GradConfig["gradFunc"] = (dy, saved, attrs) => {
  const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
  const { strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as tf.Conv2DAttrs;
  const dilations = dilationPair((attrs as unknown as tf.Conv2DAttrs).dilations);
  const common = { strides, pad, dataFormat, dimRoundingMode };
  const dilated = dilations[0] > 1 || dilations[1] > 1;
  const taps = (): tf.Tensor4D => (dilated ? effectiveFilter(filter, dilations) : filter);
  return {
    x: () =>
      tf.tidy(() =>
        tf
          .engine()
          .runKernel(
            tf.Conv2DBackpropInput,
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
            tf.Conv2DBackpropFilter,
            { x, dy: dy as tf.Tensor },
            attrMap({ ...common, filterShape }),
          ) as tf.Tensor4D;
        return dilated ? realTaps(grad, dilations) : grad;
      }),
  };
};

export const conv2dGradConfig: tf.GradConfig = {
  kernelName: tf.Conv2D,
  inputsToSave: ["x", "filter"],
  gradFunc,
};
