import { resampleArea } from "./gray";

const SIDE = 32;
const LOW = 8;

// DCT-II basis rows for the 8 lowest frequencies over 32 samples.
const BASIS = (() => {
  const m = new Float64Array(LOW * SIDE);
  for (let u = 0; u < LOW; u++)
    for (let x = 0; x < SIDE; x++) m[u * SIDE + x] = Math.cos((Math.PI * (2 * x + 1) * u) / (2 * SIDE));
  return m;
})();

/**
 * A 64-bit perceptual hash (pHash): the gray image resampled to 32×32, its 8×8 lowest DCT frequencies,
 * one bit per coefficient above their median. Survives rescaling, re-encoding, small crops and brightness
 * changes; returned as [high, low] 32-bit halves.
 */
export function perceptualHash(gray: Float32Array, width: number, height: number): [number, number] {
  const img = width === SIDE && height === SIDE ? gray : resampleArea(gray, width, height, SIDE, SIDE);
  // rows = BASIS (8×32) · img (32×32), then coefficients = rows · BASISᵀ (32×8).
  const rows = new Float64Array(LOW * SIDE);
  for (let u = 0; u < LOW; u++)
    for (let y = 0; y < SIDE; y++) {
      const b = BASIS[u * SIDE + y] as number;
      for (let x = 0; x < SIDE; x++) rows[u * SIDE + x]! += b * (img[y * SIDE + x] as number);
    }
  const coefficients = new Float64Array(LOW * LOW);
  for (let u = 0; u < LOW; u++)
    for (let v = 0; v < LOW; v++) {
      let sum = 0;
      for (let x = 0; x < SIDE; x++) sum += (rows[u * SIDE + x] as number) * (BASIS[v * SIDE + x] as number);
      coefficients[u * LOW + v] = sum;
    }
  const sorted = Float64Array.from(coefficients).sort();
  const med = ((sorted[31] as number) + (sorted[32] as number)) / 2;
  let high = 0;
  let low = 0;
  for (let k = 0; k < 32; k++) {
    if ((coefficients[k] as number) > med) high |= 1 << k;
    if ((coefficients[k + 32] as number) > med) low |= 1 << k;
  }
  return [high >>> 0, low >>> 0];
}

export function popcount32(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) as number;
}

/** Bits in which two hashes (stored as [high, low] at 2i, 2i+1 of `hashes`) differ. */
export function hammingDistance(hashes: Uint32Array, i: number, j: number): number {
  return (
    popcount32(((hashes[2 * i] as number) ^ (hashes[2 * j] as number)) >>> 0) +
    popcount32(((hashes[2 * i + 1] as number) ^ (hashes[2 * j + 1] as number)) >>> 0)
  );
}
