/** Heat colours from transparent-dark to yellow (an inferno-like ramp): 5 stops, linearly interpolated. */
const STOPS: readonly (readonly [number, number, number])[] = [
  [0, 0, 4],
  [87, 16, 110],
  [188, 55, 84],
  [249, 142, 9],
  [252, 255, 164],
];

function heat(v: number): [number, number, number] {
  const x = Math.max(0, Math.min(1, v)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const f = x - i;
  const a = STOPS[i] as readonly number[];
  const b = STOPS[i + 1] as readonly number[];
  return [0, 1, 2].map((c) => (a[c] as number) + f * ((b[c] as number) - (a[c] as number))) as [
    number,
    number,
    number,
  ];
}

/**
 * An RGB picture of `map` (values in [0, 1], height × width) over the image (8-bit, 1 or 3+ channels): the
 * image dimmed to gray where the map is low, heat colours blended in as the map rises, so what the model
 * looked at stands out and the picture stays recognisable.
 */
export function overlayMap(
  pixels: Uint8Array,
  channels: number,
  map: Float32Array,
  width: number,
  height: number,
): Uint8Array {
  const out = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    const gray =
      channels >= 3
        ? 0.299 * (pixels[p * channels] as number) +
          0.587 * (pixels[p * channels + 1] as number) +
          0.114 * (pixels[p * channels + 2] as number)
        : (pixels[p * channels] as number);
    const m = map[p] as number;
    const alpha = 0.15 + 0.6 * m;
    const [r, g, b] = heat(m);
    out[p * 3] = Math.round((1 - alpha) * gray + alpha * r);
    out[p * 3 + 1] = Math.round((1 - alpha) * gray + alpha * g);
    out[p * 3 + 2] = Math.round((1 - alpha) * gray + alpha * b);
  }
  return out;
}

/** An 8-bit image as RGB (gray replicated; a fourth channel dropped), so originals and overlays share one grid. */
export function toRgb(pixels: Uint8Array, channels: number, size: number): Uint8Array {
  if (channels === 3) return pixels;
  const out = new Uint8Array(size * 3);
  for (let p = 0; p < size; p++) {
    for (let c = 0; c < 3; c++) out[p * 3 + c] = pixels[p * channels + (channels >= 3 ? c : 0)] as number;
  }
  return out;
}
