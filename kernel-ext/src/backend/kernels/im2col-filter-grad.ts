// Filter gradient as one matrix product, dW = patchesᵀ · dy, for convolutions with few input taps
// (Cin·kh·kw below Cout, typically a network's first layer). The convolution form of the filter
// gradient (conv2d-backprop-filter.ts) makes XNNPACK pack dy as a filter every step, which for such
// layers costs more than the product (conv1 of the benchmark CNN: 10.7 ms against 4.7 ms this way).
// The patches come from XNNPACK too: a depthwise convolution whose filter is one-hot per tap copies
// every tap of every input channel into its own output channel, with the forward pass's own
// strides, dilations and padding.
import type * as tf from "@tensorflow/tfjs";
import { view, type AxisConvPair, type Info, type WasmOps } from "./wasm-ops";

export function im2colFilterGrad(
  ops: WasmOps,
  x: Info,
  dy: Info,
  info: tf.backend_util.Conv2DInfo,
  axes: AxisConvPair,
): Info {
  const { filterHeight: kh, filterWidth: kw, inChannels: cin, outChannels: cout } = info;
  const taps = kh * kw;
  const oneHot = ops.backend.makeOutput([kh, kw, cin, taps], "float32");
  const values = ops.backend.typedArrayFromHeap(oneHot) as Float32Array;
  values.fill(0);
  for (let tap = 0; tap < taps; tap++) for (let c = 0; c < cin; c++) values[(tap * cin + c) * taps + tap] = 1;
  const patches = ops.depthwiseConv2d(x, oneHot, axes[0], axes[1]); // [n, oh, ow, cin·taps]
  ops.release(oneHot);
  const rows = dy.shape[0] * dy.shape[1] * dy.shape[2];
  const patchesT = ops.transpose(view(patches, [rows, cin * taps]), [1, 0]);
  ops.release(patches);
  const product = ops.run(
    "BatchMatMul",
    { a: patchesT, b: view(dy, [rows, cout]) },
    { transposeA: false, transposeB: false },
  );
  ops.release(patchesT);
  const dw = ops.transpose(view(product, [cin, kh, kw, cout]), [1, 2, 0, 3]);
  ops.release(product);
  return dw;
}
