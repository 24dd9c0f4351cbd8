// One gradient for convolution kernels that also accepts dilations > 1 (tfjs-core's gradients assert
// dilation 1, so dilated layers cannot train on any backend). With dilation 1 it computes exactly what
// tfjs-core computes; with dilation d it goes through the effective (zero-spread) filter.
import * as tf from "@tensorflow/tfjs";
import { attrMap, dilationPair, effectiveFilter, realTaps } from "./dilated-filter";

export interface DilatedConvKernels {
  forward: string;
  inputGrad: string;
  filterGrad: string;
  /** The attributes both gradient kernels get, from the forward kernel's. */
  commonAttrs(attrs: Record<string, unknown>): Record<string, unknown>;
}

export function dilatedConvGradConfig(kernels: DilatedConvKernels): tf.GradConfig {
  const gradFunc: tf.GradConfig["gradFunc"] = (dy, saved, attrs) => {
    const [x, filter] = saved as [tf.Tensor4D, tf.Tensor4D];
    const named = attrs as unknown as Record<string, unknown>;
    const dilations = dilationPair(named.dilations as number | [number, number] | undefined);
    const common = kernels.commonAttrs(named);
    const dilated = dilations[0] > 1 || dilations[1] > 1;
    const taps = (): tf.Tensor4D => (dilated ? effectiveFilter(filter, dilations) : filter);
    return {
      x: () =>
        tf.tidy(() =>
          tf
            .engine()
            .runKernel(
              kernels.inputGrad,
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
              kernels.filterGrad,
              { x, dy: dy as tf.Tensor },
              attrMap({ ...common, filterShape }),
            ) as tf.Tensor4D;
          return dilated ? realTaps(grad, dilations) : grad;
        }),
    };
  };
  return { kernelName: kernels.forward, inputsToSave: ["x", "filter"], gradFunc };
}
