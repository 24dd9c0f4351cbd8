import { reduce } from "../builder/reduce-ops";
import { toChannelsFirst, toChannelsLast } from "../builder/shape-ops";
import type { LayerCall } from "../convert/layer-call";
import { attr } from "../ir/attributes";
import { registerBuiltinConverter } from "../registry";
import { paddingAttributes } from "./conv-padding";

/** Pooling: Max/AveragePooling 1D/2D/3D and the global poolings. */

type PoolKind = "MaxPool" | "AveragePool";

function pool(kind: PoolKind, spatialRank: number) {
  return (call: LayerCall): string => {
    const c = call.config;
    const poolSize = c.numbers("poolSize", spatialRank);
    const strides = c.has("strides") ? c.numbers("strides", spatialRank) : poolSize;
    const padding = c.string("padding", "valid");
    if (padding !== "valid" && padding !== "same") call.unsupported(`padding "${padding}"`);
    const channelsFirst = c.string("dataFormat", "channelsLast") === "channelsFirst";
    const x = call.input();
    const rank = x.shape.length;
    const spatial = channelsFirst ? x.shape.slice(2) : x.shape.slice(1, rank - 1);
    const b = call.builder;
    const input = channelsFirst ? x.name : toChannelsFirst(b, x.name, rank, call.hint);
    const attributes = {
      kernel_shape: attr.ints(poolSize),
      strides: attr.ints(strides),
      ...paddingAttributes(padding, spatial, poolSize, strides, new Array<number>(spatialRank).fill(1)),
      // TensorFlow averages over the window positions inside the input only.
      ...(kind === "AveragePool" ? { count_include_pad: attr.int(0) } : {}),
    };
    const y = b.op(kind, [input], attributes, call.hint);
    return channelsFirst ? y : toChannelsLast(b, y, rank, call.hint);
  };
}

function globalPool(op: "ReduceMean" | "ReduceMax", spatialRank: number) {
  return (call: LayerCall): string => {
    const x = call.input();
    const channelsFirst = call.config.string("dataFormat", "channelsLast") === "channelsFirst";
    const first = channelsFirst ? 2 : 1;
    const axes = Array.from({ length: spatialRank }, (_, i) => first + i);
    const keepDims = call.config.boolean("keepDims", false);
    return reduce(call.builder, op, x.name, axes, keepDims, call.hint);
  };
}

const family = "Pooling";
registerBuiltinConverter("MaxPooling1D", pool("MaxPool", 1), { family, notes: "same/valid" });
registerBuiltinConverter("AveragePooling1D", pool("AveragePool", 1), {
  family,
  notes: "same/valid, padding excluded from the mean",
});
registerBuiltinConverter("MaxPooling2D", pool("MaxPool", 2), { family, notes: "same/valid, channelsFirst" });
registerBuiltinConverter("AveragePooling2D", pool("AveragePool", 2), {
  family,
  notes: "same/valid, padding excluded from the mean",
});
registerBuiltinConverter("MaxPooling3D", pool("MaxPool", 3), { family, notes: "same/valid" });
registerBuiltinConverter("AveragePooling3D", pool("AveragePool", 3), { family, notes: "same/valid" });
registerBuiltinConverter("GlobalAveragePooling1D", globalPool("ReduceMean", 1), { family });
registerBuiltinConverter("GlobalMaxPooling1D", globalPool("ReduceMax", 1), { family });
registerBuiltinConverter("GlobalAveragePooling2D", globalPool("ReduceMean", 2), {
  family,
  notes: "channelsFirst",
});
registerBuiltinConverter("GlobalMaxPooling2D", globalPool("ReduceMax", 2), {
  family,
  notes: "channelsFirst",
});
