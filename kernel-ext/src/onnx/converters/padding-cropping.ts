import { padConstant } from "../builder/pad-resize-ops";
import { slice } from "../builder/shape-ops";
import type { LayerCall } from "../convert/layer-call";
import { registerBuiltinConverter } from "../registry";

/** ZeroPadding1D/2D/3D and Cropping1D/2D/3D: a constant Pad and a Slice over the spatial axes. */

/** [[before, after], ...] per spatial axis from the Keras forms: n, [a, b] (1D), [n, m], [[a, b], [c, d]]. */
function perAxisPairs(
  call: LayerCall,
  key: string,
  spatialRank: number,
  fallback: number,
): [number, number][] {
  const raw = call.config.raw[key] ?? fallback;
  if (typeof raw === "number") return Array.from({ length: spatialRank }, () => [raw, raw]);
  if (Array.isArray(raw)) {
    if (spatialRank === 1 && raw.length === 2 && raw.every((v) => typeof v === "number"))
      return [[raw[0] as number, raw[1] as number]];
    if (raw.length === spatialRank) {
      return raw.map((entry) => {
        if (typeof entry === "number") return [entry, entry];
        if (Array.isArray(entry) && entry.length === 2) return [entry[0] as number, entry[1] as number];
        return call.unsupported(`${key} ${JSON.stringify(raw)}`);
      });
    }
  }
  return call.unsupported(`${key} ${JSON.stringify(raw)}`);
}

/** The first spatial axis: 1 for channels-last, 2 for channels-first. */
function firstSpatialAxis(call: LayerCall): number {
  return call.config.string("dataFormat", "channelsLast") === "channelsFirst" ? 2 : 1;
}

function zeroPadding(spatialRank: number) {
  return (call: LayerCall): string => {
    const pairs = perAxisPairs(call, "padding", spatialRank, 1);
    const rank = call.input().shape.length;
    const first = firstSpatialAxis(call);
    const begins = new Array<number>(rank).fill(0);
    const ends = new Array<number>(rank).fill(0);
    pairs.forEach(([before, after], i) => {
      begins[first + i] = before;
      ends[first + i] = after;
    });
    return padConstant(call.builder, call.input().name, [...begins, ...ends], 0, call.hint);
  };
}

function cropping(spatialRank: number) {
  return (call: LayerCall): string => {
    const pairs = perAxisPairs(call, "cropping", spatialRank, 0);
    const first = firstSpatialAxis(call);
    const axes = pairs.map((_, i) => first + i);
    // A negative end counts from the end, so unknown sizes work; "no crop at the end" slices to the limit.
    const ends = pairs.map(([, after]) => (after > 0 ? -after : Number.MAX_SAFE_INTEGER));
    return slice(
      call.builder,
      call.input().name,
      pairs.map(([before]) => before),
      ends,
      axes,
      undefined,
      call.hint,
    );
  };
}

const family = "Padding & cropping";
registerBuiltinConverter("ZeroPadding1D", zeroPadding(1), {
  family,
  notes: "Keras layer (not in tfjs 4.22)",
});
registerBuiltinConverter("ZeroPadding2D", zeroPadding(2), {
  family,
  notes: "symmetric or per side, channelsFirst",
});
registerBuiltinConverter("Cropping1D", cropping(1), { family, notes: "Keras layer (not in tfjs 4.22)" });
registerBuiltinConverter("Cropping2D", cropping(2), {
  family,
  notes: "symmetric or per side, channelsFirst",
});
