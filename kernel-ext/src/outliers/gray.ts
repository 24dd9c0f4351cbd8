/** Luma (Rec. 601: 0.299 R + 0.587 G + 0.114 B) of HWC uint8 pixels, 0..255, one float per pixel. */
export function toGray(pixels: Uint8Array, channels: number): Float32Array {
  const n = pixels.length / channels;
  const gray = new Float32Array(n);
  if (channels < 3) {
    for (let i = 0; i < n; i++) gray[i] = pixels[i * channels] as number;
    return gray;
  }
  for (let i = 0; i < n; i++) {
    const p = i * channels;
    gray[i] =
      0.299 * (pixels[p] as number) + 0.587 * (pixels[p + 1] as number) + 0.114 * (pixels[p + 2] as number);
  }
  return gray;
}

/** Source cells and weights of each target cell, flat: cells offsets[t]..offsets[t + 1] of `cells`/`weights`. */
export interface AreaWeights {
  offsets: Int32Array;
  cells: Int32Array;
  weights: Float32Array;
}

/**
 * Resamples a gray image to tw × th by area averaging (each target pixel is the mean of the source area it
 * covers, fractional pixels weighted): exact for shrinking, bilinear-like for enlarging. Separable.
 */
export function resampleArea(gray: Float32Array, w: number, h: number, tw: number, th: number): Float32Array {
  const rows = new Float32Array(tw * h);
  const xw = areaWeights(w, tw);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < tw; x++) {
      let sum = 0;
      for (let k = xw.offsets[x] as number; k < (xw.offsets[x + 1] as number); k++) {
        sum += (gray[row + (xw.cells[k] as number)] as number) * (xw.weights[k] as number);
      }
      rows[y * tw + x] = sum;
    }
  }
  const out = new Float32Array(tw * th);
  const yw = areaWeights(h, th);
  for (let y = 0; y < th; y++) {
    for (let k = yw.offsets[y] as number; k < (yw.offsets[y + 1] as number); k++) {
      const from = (yw.cells[k] as number) * tw;
      const weight = yw.weights[k] as number;
      for (let x = 0; x < tw; x++) out[y * tw + x]! += (rows[from + x] as number) * weight;
    }
  }
  return out;
}

const weightCache = new Map<string, AreaWeights>();

/** For each target cell, the source cells it overlaps and their weights (summing to 1); cached per size pair. */
export function areaWeights(source: number, target: number): AreaWeights {
  const key = `${source}>${target}`;
  let weights = weightCache.get(key);
  if (!weights) {
    weights = computeAreaWeights(source, target);
    if (weightCache.size > 64) weightCache.clear();
    weightCache.set(key, weights);
  }
  return weights;
}

function computeAreaWeights(source: number, target: number): AreaWeights {
  const scale = source / target;
  const perTarget = Array.from({ length: target }, (_, t): [number, number][] => {
    if (scale < 1) {
      // Enlarging: a target cell lies inside one source cell; blend the two nearest centres instead.
      const centre = (t + 0.5) * scale - 0.5;
      const left = Math.max(0, Math.floor(centre));
      const right = Math.min(source - 1, left + 1);
      const frac = Math.min(1, Math.max(0, centre - left));
      return right === left
        ? [[left, 1]]
        : [
            [left, 1 - frac],
            [right, frac],
          ];
    }
    const start = t * scale;
    const end = (t + 1) * scale;
    const cells: [number, number][] = [];
    for (let s = Math.floor(start); s < Math.min(source, Math.ceil(end)); s++) {
      const overlap = Math.min(end, s + 1) - Math.max(start, s);
      if (overlap > 0) cells.push([s, overlap / scale]);
    }
    return cells;
  });
  const flat = perTarget.flat();
  const offsets = new Int32Array(target + 1);
  perTarget.forEach((cells, t) => (offsets[t + 1] = (offsets[t] as number) + cells.length));
  return {
    offsets,
    cells: Int32Array.from(flat, ([s]) => s),
    weights: Float32Array.from(flat, ([, w]) => w),
  };
}
