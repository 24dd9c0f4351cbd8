import { areaWeights, resampleArea } from "./gray";

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
 * The basis over `size` samples with the area resampling to 32 folded in: (BASIS · W)ᵀ, stored sample-major
 * ([size][8]), W the 32 × size resampling matrix. Resampling and the DCT are both linear, so projecting the image on these rows equals
 * resampling it to 32 and projecting on BASIS, in fewer operations (28×28: 8,064 multiply-adds instead of
 * ~14,000). Cached per size.
 */
const foldedBases = new Map<number, Float64Array>();
function foldedBasis(size: number): Float64Array {
  let basis = foldedBases.get(size);
  if (basis) return basis;
  basis = new Float64Array(LOW * size);
  const { offsets, cells, weights } = areaWeights(size, SIDE);
  for (let u = 0; u < LOW; u++) {
    for (let t = 0; t < SIDE; t++) {
      for (let k = offsets[t] as number; k < (offsets[t + 1] as number); k++) {
        basis[(cells[k] as number) * LOW + u]! += (BASIS[u * SIDE + t] as number) * (weights[k] as number);
      }
    }
  }
  if (foldedBases.size > 16) foldedBases.clear();
  foldedBases.set(size, basis);
  return basis;
}

// Work buffers (hashing is synchronous, so one set serves every call).
let across = new Float64Array(SIDE * LOW);
const coefficients = new Float64Array(LOW * LOW);
const sorted = new Float64Array(LOW * LOW);

/**
 * A 64-bit perceptual hash (pHash): the gray image resampled to 32×32 (area averaging), its 8×8 lowest DCT
 * frequencies, one bit per coefficient above their median. Survives rescaling, re-encoding, small crops and
 * brightness changes; returned as [high, low] 32-bit halves. Images up to 32 a side are projected directly
 * on bases with the resampling folded in (foldedBasis); larger ones are resampled first.
 */
export function perceptualHash(gray: Float32Array, width: number, height: number): [number, number] {
  let img = gray;
  let w = width;
  let h = height;
  if (w > SIDE || h > SIDE) {
    img = resampleArea(gray, width, height, SIDE, SIDE);
    w = h = SIDE;
  }
  const bx = foldedBasis(w);
  const by = foldedBasis(h);
  // across[y][v] = Σx img[y][x] · bx[v][x], the 8 sums of a row at once (independent chains, which the
  // CPU overlaps: 2× faster than one sum at a time); then coefficients[u][v] = Σy by[u][y] · across[y][v].
  if (across.length < h * LOW) across = new Float64Array(h * LOW);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let s4 = 0;
    let s5 = 0;
    let s6 = 0;
    let s7 = 0;
    for (let x = 0; x < w; x++) {
      const g = img[row + x] as number;
      const b = x * LOW;
      s0 += g * (bx[b] as number);
      s1 += g * (bx[b + 1] as number);
      s2 += g * (bx[b + 2] as number);
      s3 += g * (bx[b + 3] as number);
      s4 += g * (bx[b + 4] as number);
      s5 += g * (bx[b + 5] as number);
      s6 += g * (bx[b + 6] as number);
      s7 += g * (bx[b + 7] as number);
    }
    const o = y * LOW;
    across[o] = s0;
    across[o + 1] = s1;
    across[o + 2] = s2;
    across[o + 3] = s3;
    across[o + 4] = s4;
    across[o + 5] = s5;
    across[o + 6] = s6;
    across[o + 7] = s7;
  }
  for (let u = 0; u < LOW; u++) {
    for (let v = 0; v < LOW; v++) {
      let sum = 0;
      for (let y = 0; y < h; y++) sum += (by[y * LOW + u] as number) * (across[y * LOW + v] as number);
      coefficients[u * LOW + v] = sum;
    }
  }
  sorted.set(coefficients);
  sorted.sort();
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
