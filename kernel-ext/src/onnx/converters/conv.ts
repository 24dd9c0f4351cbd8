import { toChannelsFirst, toChannelsLast } from "../builder/shape-ops";
import type { LayerCall } from "../convert/layer-call";
import { reshapeHost, transposeHost, type HostTensor } from "../convert/host-tensor";
import { attr } from "../ir/attributes";
import type { Attribute } from "../ir/types";
import { registerBuiltinConverter } from "../registry";
import { applyConfiguredActivation } from "./apply-activation";
import { paddingAttributes } from "./conv-padding";

/** Convolutions: Conv1D/2D/3D, Conv2DTranspose, DepthwiseConv2D, SeparableConv2D. */

interface ConvConfig {
  kernelSize: number[];
  strides: number[];
  dilations: number[];
  padding: string;
  channelsFirst: boolean;
  useBias: boolean;
}

function readConv(call: LayerCall, rank: number): ConvConfig {
  const c = call.config;
  const padding = c.string("padding", "valid");
  if (padding !== "valid" && padding !== "same")
    call.unsupported(`padding "${padding}" (supported: valid, same)`);
  return {
    kernelSize: c.numbers("kernelSize", rank),
    strides: c.numbers("strides", rank, 1),
    dilations: c.numbers("dilationRate", rank, 1),
    padding,
    channelsFirst: c.string("dataFormat", "channelsLast") === "channelsFirst",
    useBias: c.boolean("useBias", true),
  };
}

/** The layer input in NC... layout, and the spatial sizes tfjs knows. */
function channelsFirstInput(call: LayerCall, cfg: ConvConfig): { name: string; spatial: (number | null)[] } {
  const x = call.input();
  const rank = x.shape.length;
  const spatial = cfg.channelsFirst ? x.shape.slice(2) : x.shape.slice(1, rank - 1);
  const name = cfg.channelsFirst ? x.name : toChannelsFirst(call.builder, x.name, rank, call.hint);
  return { name, spatial: [...spatial] };
}

/** Back to the layer's own layout, then the fused activation. */
function finish(call: LayerCall, cfg: ConvConfig, y: string, rank: number): string {
  const out = cfg.channelsFirst ? y : toChannelsLast(call.builder, y, rank, call.hint);
  return applyConfiguredActivation(call, out);
}

function convAttributes(
  cfg: ConvConfig,
  spatial: (number | null)[],
  extra: Record<string, Attribute> = {},
): Record<string, Attribute> {
  return {
    kernel_shape: attr.ints(cfg.kernelSize),
    strides: attr.ints(cfg.strides),
    dilations: attr.ints(cfg.dilations),
    ...paddingAttributes(cfg.padding, spatial, cfg.kernelSize, cfg.strides, cfg.dilations),
    ...extra,
  };
}

/** Keras kernel [k..., in, out] → ONNX [out, in, k...]. */
function kernelToOnnx(spatialRank: number) {
  const perm = [spatialRank + 1, spatialRank, ...Array.from({ length: spatialRank }, (_, i) => i)];
  return { tag: "kernel_oihw", apply: (w: HostTensor) => transposeHost(w, perm) };
}

function convN(spatialRank: number) {
  return (call: LayerCall): string => {
    const cfg = readConv(call, spatialRank);
    // tfjs's Conv1D leaves dataFormat out of its config; the layer object still has it.
    const instanceFormat = (call.layer as unknown as { dataFormat?: string }).dataFormat;
    if (spatialRank === 1 && (cfg.channelsFirst || instanceFormat === "channelsFirst")) {
      call.unsupported(
        "channelsFirst: tfjs's Conv1D then returns channels-last values, contrary to its own output shape",
      );
    }
    const x = channelsFirstInput(call, cfg);
    const inputs = [x.name, call.initializer(call.weight("kernel"), kernelToOnnx(spatialRank))];
    if (cfg.useBias) inputs.push(call.initializer(call.weight("bias")));
    const y = call.builder.op("Conv", inputs, convAttributes(cfg, x.spatial), call.hint);
    return finish(call, cfg, y, spatialRank + 2);
  };
}

/**
 * tfjs/Keras transposed convolution: output = in·stride (same) or in·stride + max(k − stride, 0)
 * (valid). The overlap k − stride is cropped as "same" conv padding would be (extra at the end), and a
 * kernel smaller than the stride leaves stride − k trailing positions, which output_padding adds.
 */
function conv2dTranspose(call: LayerCall): string {
  const cfg = readConv(call, 2);
  cfg.dilations = [1, 1]; // tfjs ignores dilation for transposed convolutions
  const x = channelsFirstInput(call, cfg);
  const begins: number[] = [];
  const ends: number[] = [];
  const outputPadding: number[] = [];
  cfg.kernelSize.forEach((k, i) => {
    const s = cfg.strides[i] as number;
    const overlap = Math.max(k - s, 0);
    const begin = cfg.padding === "same" ? Math.floor(overlap / 2) : 0;
    begins.push(begin);
    ends.push(cfg.padding === "same" ? overlap - begin : 0);
    outputPadding.push(Math.max(s - k, 0));
  });
  const weight = { tag: "kernel_iohw", apply: (w: HostTensor) => transposeHost(w, [3, 2, 0, 1]) };
  const inputs = [x.name, call.initializer(call.weight("kernel"), weight)];
  if (cfg.useBias) inputs.push(call.initializer(call.weight("bias")));
  const y = call.builder.op(
    "ConvTranspose",
    inputs,
    {
      kernel_shape: attr.ints(cfg.kernelSize),
      strides: attr.ints(cfg.strides),
      pads: attr.ints([...begins, ...ends]),
      output_padding: attr.ints(outputPadding),
    },
    call.hint,
  );
  return finish(call, cfg, y, 4);
}

/** Depthwise kernel [kh, kw, in, mult] → grouped-conv weight [in·mult, 1, kh, kw] (output channel c·mult + m). */
const depthwiseWeight = {
  tag: "depthwise_grouped",
  apply: (w: HostTensor) => {
    const [kh, kw, cin, mult] = w.shape as [number, number, number, number];
    return reshapeHost(transposeHost(w, [2, 3, 0, 1]), [cin * mult, 1, kh, kw]);
  },
};

function depthwiseConv(
  call: LayerCall,
  x: { name: string; spatial: (number | null)[] },
  cfg: ConvConfig,
  withBias: boolean,
): string {
  const kernel = call.weight("depthwise_kernel");
  const channels = kernel.shape[2] as number;
  const inputs = [x.name, call.initializer(kernel, depthwiseWeight)];
  if (withBias) inputs.push(call.initializer(call.weight("bias")));
  return call.builder.op(
    "Conv",
    inputs,
    convAttributes(cfg, x.spatial, { group: attr.int(channels) }),
    call.hint,
  );
}

function depthwiseConv2d(call: LayerCall): string {
  const cfg = readConv(call, 2);
  cfg.dilations = [1, 1]; // tfjs's DepthwiseConv2D layer calls the op without its dilationRate
  const x = channelsFirstInput(call, cfg);
  return finish(call, cfg, depthwiseConv(call, x, cfg, cfg.useBias), 4);
}

function separableConv2d(call: LayerCall): string {
  const cfg = readConv(call, 2);
  if (cfg.channelsFirst && cfg.useBias) {
    call.unsupported(
      "channelsFirst with a bias: tfjs adds that bias along the wrong axis (its result is not a convolution)",
    );
  }
  const x = channelsFirstInput(call, cfg);
  const depthwise = depthwiseConv(call, x, cfg, false);
  const inputs = [depthwise, call.initializer(call.weight("pointwise_kernel"), kernelToOnnx(2))];
  if (cfg.useBias) inputs.push(call.initializer(call.weight("bias")));
  const pointwise = call.builder.op("Conv", inputs, { kernel_shape: attr.ints([1, 1]) }, call.hint);
  return finish(call, cfg, pointwise, 4);
}

const family = "Convolution";
registerBuiltinConverter("Conv1D", convN(1), {
  family,
  notes: "strides, dilation, same/valid (tfjs has no causal)",
});
registerBuiltinConverter("Conv2D", convN(2), {
  family,
  notes: "strides, dilation, same/valid, channelsFirst",
});
registerBuiltinConverter("Conv3D", convN(3), { family, notes: "strides, dilation, same/valid" });
registerBuiltinConverter("Conv2DTranspose", conv2dTranspose, { family, notes: "strides, same/valid" });
registerBuiltinConverter("DepthwiseConv2D", depthwiseConv2d, {
  family,
  notes: "depth multiplier, strides (dilation ignored, as tfjs does)",
});
registerBuiltinConverter("SeparableConv2D", separableConv2d, {
  family,
  notes: "depth multiplier, strides, dilation",
});
