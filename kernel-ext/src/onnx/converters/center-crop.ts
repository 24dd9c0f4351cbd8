import type { OnnxGraphBuilder } from "../builder/graph-builder";
import { resize } from "../builder/pad-resize-ops";
import { concat, shapeOf } from "../builder/shape-ops";
import type { LayerCall } from "../convert/layer-call";
import { attr } from "../ir/attributes";
import { registerBuiltinConverter } from "../registry";

/**
 * tfjs's CenterCrop. An input at least as large as the target goes through cropAndResize (nearest) on
 * the box [buffer/size, (target + buffer)/size] stored as float32: row i is round(y1·(H−1) + i·scale)
 * with scale = (y2 − y1)·(H−1)/(h−1) in double precision, and a position outside [0, H−1] gives 0. That
 * is a plain crop in most cases but not all, and tfjs forces a width buffer of 0 to 1. A smaller input is
 * resized bilinearly to the target instead. The graph computes all this from the run-time size with the
 * same double-precision arithmetic: tfjs's CenterCrop overwrites its input's symbolic shape with the target
 * size when the model is built, so the shape known at export time cannot be trusted.
 */

const FLOAT = 1;
const INT64 = 7;
const DOUBLE = 11;

/** Gathers rows then columns; positions outside the image become 0 as tfjs's extrapolation value. */
function gatherCrop(
  b: OnnxGraphBuilder,
  x: string,
  rows: string,
  cols: string,
  insideMask: string,
  hint: string,
): string {
  const picked = b.op(
    "Gather",
    [b.op("Gather", [x, rows], { axis: attr.int(1) }, hint), cols],
    { axis: attr.int(2) },
    hint,
  );
  return b.op("Where", [insideMask, picked, b.scalar(0)], {}, hint);
}

function resizeTo(b: OnnxGraphBuilder, x: string, height: number, width: number, hint: string): string {
  // tfjs's resizeBilinear without align-corners or half-pixel centres.
  const sizes = concat(
    b,
    [shapeOf(b, x, 0, 1, hint), b.int64([height, width]), shapeOf(b, x, 3, 4, hint)],
    0,
    hint,
  );
  return resize(b, x, { mode: "linear", coordinateMode: "asymmetric", sizes }, hint);
}

/** One axis of the crop in graph arithmetic: the gather indices and an "inside" mask, plus the buffer. */
function dynamicAxis(b: OnnxGraphBuilder, size: string, target: number, forceOne: boolean, hint: string) {
  const d = (v: number): string => b.op("Cast", [b.scalar(v)], { to: attr.int(DOUBLE) }, hint);
  const op = (type: string, ...inputs: string[]): string => b.op(type, inputs, {}, hint);
  let buffer = op("Floor", op("Div", op("Sub", size, d(target)), d(2)));
  if (forceOne) {
    const zeroButDifferent = op("And", op("Equal", buffer, d(0)), op("Not", op("Equal", size, d(target))));
    buffer = op("Where", zeroButDifferent, d(1), buffer);
  }
  const asFloat32 = (v: string): string =>
    b.op("Cast", [b.op("Cast", [v], { to: attr.int(FLOAT) }, hint)], { to: attr.int(DOUBLE) }, hint);
  const start = asFloat32(op("Div", buffer, size));
  const end = asFloat32(op("Div", op("Add", buffer, d(target)), size));
  const last = op("Sub", size, d(1));
  let position: string;
  if (target > 1) {
    const scale = op("Div", op("Mul", op("Sub", end, start), last), d(target - 1));
    const steps = b.op(
      "Cast",
      [b.float32(Array.from({ length: target }, (_, i) => i))],
      { to: attr.int(DOUBLE) },
      hint,
    );
    position = op("Add", op("Mul", start, last), op("Mul", steps, scale));
  } else {
    position = b.op(
      "Reshape",
      [op("Mul", op("Mul", op("Add", start, end), d(0.5)), last), b.int64([1])],
      {},
      hint,
    );
  }
  const inside = op("And", op("GreaterOrEqual", position, d(0)), op("LessOrEqual", position, last));
  const rounded = op("Floor", op("Add", position, d(0.5)));
  const clamped = op("Min", op("Max", rounded, d(0)), last);
  return { index: b.op("Cast", [clamped], { to: attr.int(INT64) }, hint), inside, buffer };
}

function dynamicCrop(call: LayerCall, x: string, height: number, width: number): string {
  const b = call.builder;
  const hint = call.hint;
  const dims = b.op("Cast", [shapeOf(b, x, undefined, undefined, hint)], { to: attr.int(DOUBLE) }, hint);
  const dim = (i: number): string => b.op("Gather", [dims, b.int64([i], [])], { axis: attr.int(0) }, hint);
  const rows = dynamicAxis(b, dim(1), height, false, hint);
  const cols = dynamicAxis(b, dim(2), width, true, hint);
  const mask = b.op(
    "And",
    [
      b.op("Unsqueeze", [rows.inside, b.int64([1, 2])], {}, hint),
      b.op("Unsqueeze", [cols.inside, b.int64([0, 2])], {}, hint),
    ],
    {},
    hint,
  );
  const cropped = gatherCrop(b, x, rows.index, cols.index, mask, hint);
  const zero = b.op("Cast", [b.scalar(0)], { to: attr.int(DOUBLE) }, hint);
  const fits = b.op(
    "And",
    [
      b.op("GreaterOrEqual", [rows.buffer, zero], {}, hint),
      b.op("GreaterOrEqual", [cols.buffer, zero], {}, hint),
    ],
    {},
    hint,
  );
  return b.op("Where", [fits, cropped, resizeTo(b, x, height, width, hint)], {}, hint);
}

function centerCrop(call: LayerCall): string {
  const height = call.config.number("height");
  const width = call.config.number("width");
  const x = call.input();
  if (x.shape.length !== 4)
    call.unsupported(`input of rank ${x.shape.length} (expected [batch, height, width, channels])`);
  return dynamicCrop(call, x.name, height, width);
}

registerBuiltinConverter("CenterCrop", centerCrop, {
  family: "Preprocessing",
  notes: "tfjs's exact cropAndResize indices, computed from the run-time size",
});
