/** Permutation helpers, with ONNX Transpose's convention: output axis i is input axis perm[i]. */

export function isIdentityPerm(perm: readonly number[]): boolean {
  return perm.every((p, i) => p === i);
}

export function invertPerm(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/** Transpose(Transpose(x, first), second) == Transpose(x, composePerms(first, second)). */
export function composePerms(first: readonly number[], second: readonly number[]): number[] {
  return second.map((s) => first[s] as number);
}

export function normalizeAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}
