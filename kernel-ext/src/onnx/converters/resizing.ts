import { resize, type ResizeSpec } from "../builder/pad-resize-ops";
import { concat, shapeOf } from "../builder/shape-ops";
import type { LayerCall } from "../convert/layer-call";
import type { TensorRef } from "../convert/tensor-ref";
import { attr } from "../ir/attributes";
import { registerBuiltinConverter } from "../registry";

/**
 * UpSampling1D/2D and Resizing, with tfjs's resize semantics: UpSampling uses resizeNearestNeighbor /
 * resizeBilinear without align-corners or half-pixel centres (ONNX "asymmetric", nearest rounding down);
 * Resizing aligns corners unless cropToAspectRatio is set (tfjs passes alignCorners = !cropToAspectRatio
 * and crops nothing), and align-corners nearest rounds halves up (ONNX "round_prefer_ceil").
 */

function upSampling2d(call: LayerCall): string {
  const [sh, sw] = call.config.numbers("size", 2, 2) as [number, number];
  const interpolation = call.config.string("interpolation", "nearest");
  if (interpolation !== "nearest" && interpolation !== "bilinear")
    call.unsupported(`interpolation "${interpolation}"`);
  const channelsFirst = call.config.string("dataFormat", "channelsLast") === "channelsFirst";
  const scales = channelsFirst ? [1, 1, sh, sw] : [1, sh, sw, 1];
  const spec: ResizeSpec =
    interpolation === "nearest"
      ? { mode: "nearest", coordinateMode: "asymmetric", nearestMode: "floor", scales }
      : { mode: "linear", coordinateMode: "asymmetric", scales };
  return resize(call.builder, call.input().name, spec, call.hint);
}

/** Keras UpSampling1D repeats each step `size` times: nearest resizing by an integer factor. */
function upSampling1d(call: LayerCall): string {
  const size = call.config.number("size", 2);
  return resize(
    call.builder,
    call.input().name,
    { mode: "nearest", coordinateMode: "asymmetric", nearestMode: "floor", scales: [1, size, 1] },
    call.hint,
  );
}

function resizingLayer(call: LayerCall): TensorRef {
  const c = call.config;
  const height = c.number("height");
  const width = c.number("width");
  const interpolation = c.string("interpolation", "bilinear");
  if (interpolation !== "nearest" && interpolation !== "bilinear")
    call.unsupported(`interpolation "${interpolation}"`);
  const alignCorners = !c.boolean("cropToAspectRatio", false);
  const x = call.input();
  if (x.shape.length !== 4)
    call.unsupported(`input of rank ${x.shape.length} (expected [batch, height, width, channels])`);
  const b = call.builder;
  const attributes = {
    mode: attr.string(interpolation === "nearest" ? "nearest" : "linear"),
    coordinate_transformation_mode: attr.string(alignCorners ? "align_corners" : "asymmetric"),
    ...(interpolation === "nearest"
      ? { nearest_mode: attr.string(alignCorners ? "round_prefer_ceil" : "floor") }
      : {}),
  };
  let y: string;
  if (call.opset >= 18) {
    // Opset 18 lets sizes cover only the resized axes.
    y = b.op(
      "Resize",
      [x.name, "", "", b.int64([height, width])],
      { ...attributes, axes: attr.ints([1, 2]) },
      call.hint,
    );
  } else {
    const batch = shapeOf(b, x.name, 0, 1, call.hint);
    const channels = shapeOf(b, x.name, 3, 4, call.hint);
    const sizes = concat(b, [batch, b.int64([height, width]), channels], 0, call.hint);
    y = b.op("Resize", [x.name, "", "", sizes], attributes, call.hint);
  }
  // tfjs's Resizing reports a rank-3 output shape (it drops the batch axis); the tensor is rank 4.
  return { name: y, shape: [x.shape[0] ?? null, height, width, x.shape[3] ?? null], dtype: "float32" };
}

const family = "Resizing";
registerBuiltinConverter("UpSampling1D", upSampling1d, { family, notes: "Keras layer (not in tfjs 4.22)" });
registerBuiltinConverter("UpSampling2D", upSampling2d, {
  family,
  notes: "nearest and bilinear, exact tfjs coordinates",
});
registerBuiltinConverter("Resizing", resizingLayer, {
  family,
  notes: "nearest and bilinear, tfjs align-corners rule",
});
