/** The arrays one after another in one Float32Array (the array itself when there is only one). */
export function concatFloat32(arrays: readonly Float32Array[]): Float32Array {
  if (arrays.length === 1) return arrays[0] as Float32Array;
  const out = new Float32Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}
