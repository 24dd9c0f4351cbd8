/** The one sign for a missing value, in every renderer. */
export const MISSING = "—";

/** A fraction as a percentage: pct(0.1234) = "12.3%", pct(null) = "—". */
export function pct(fraction: number | null | undefined, digits = 1): string {
  return fraction === null || fraction === undefined || !Number.isFinite(fraction)
    ? MISSING
    : `${(fraction * 100).toFixed(digits)}%`;
}

/** count of total as a percentage: share(3, 12) = "25.0%"; "—" when total is 0. */
export function share(count: number, total: number, digits = 1): string {
  return total > 0 ? pct(count / total, digits) : MISSING;
}

/** A measurement in 3 significant digits, in exponent form outside [0.001, 10000): 0.0123, 1.23e-5. */
export function fmt(x: number | null | undefined): string {
  if (x === null || x === undefined) return MISSING;
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? "∞" : "-∞";
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e4 ? x.toPrecision(3) : x.toExponential(2);
}

/** A difference between two results: "0", "1.23e-7", or "∞" when not finite (null is how JSON carries it). */
export function diff(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "∞";
  return x === 0 ? "0" : x.toExponential(2);
}

/** A count with thousands separators, the same in every locale: 12,345. */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** A file size: 512 B, 3.4 KiB, 1.25 MiB. */
export function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(2)} MiB`;
}

/** A tensor shape: "batch×224×224×3"; "scalar" for []. */
export function shape(dims: readonly (number | string)[]): string {
  return dims.length === 0 ? "scalar" : dims.join("×");
}

/** Milliseconds: "12 ms" at or above 10, "1.23 ms" below. */
export function ms(x: number): string {
  return x >= 10 ? `${x.toFixed(0)} ms` : `${x.toFixed(2)} ms`;
}
