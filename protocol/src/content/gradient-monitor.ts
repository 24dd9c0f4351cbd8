import { fmt, pct } from "../format";
import type { TableSpec } from "../render/table";
import type { GradientMonitorState } from "../widgets/gradient-monitor";
import type { VerdictState } from "../widgets/verdict";

/** What the monitor says when it found nothing wrong. */
export const NO_VERDICT = "No vanishing, exploding, dead or saturated layer found.";

/** The verdicts: problem, layer, step and evidence (the cures, the same for every row of a kind, are in `curesTable`). */
export function verdictTable(verdicts: readonly VerdictState[]): TableSpec {
  return {
    className: "tslab-ml-verdicts",
    columns: [
      { key: "kind", label: "problem" },
      { key: "layer", label: "layer" },
      { key: "step", label: "step" },
      { key: "evidence", label: "evidence" },
    ],
    rows: verdicts.map((v) => ({ kind: v.kind, layer: v.layer, step: v.step, evidence: v.evidence })),
    empty: NO_VERDICT,
  };
}

/** The usual cures, once per kind of problem found (first found first), with the layers it was found in. */
export function curesTable(verdicts: readonly VerdictState[]): TableSpec {
  const byKind = new Map<string, { layers: string[]; cures: readonly string[] }>();
  for (const v of verdicts) {
    const entry = byKind.get(v.kind) ?? { layers: [], cures: v.cures };
    if (!entry.layers.includes(v.layer)) entry.layers.push(v.layer);
    byKind.set(v.kind, entry);
  }
  return {
    className: "tslab-ml-cures",
    columns: [
      { key: "kind", label: "problem" },
      { key: "layers", label: "found in" },
      { key: "cures", label: "usual cures" },
    ],
    rows: [...byKind].map(([kind, { layers, cures }]) => ({
      kind,
      layers: layers.join(", "),
      cures: cures.join("; "),
    })),
    empty: "nothing to cure",
  };
}

const measure = (v: unknown): string => (typeof v === "number" ? fmt(v) : "");
const fraction = (v: unknown): string => (typeof v === "number" ? pct(v, 0) : "");

const last = (xs: readonly (number | null)[] | undefined): number | null => xs?.[xs.length - 1] ?? null;

/** The latest gradient per layer, input to output: what the gradient-flow chart plots. */
export function gradientTable(state: GradientMonitorState): TableSpec {
  return {
    className: "tslab-ml-gradients",
    columns: [
      { key: "layer", label: "layer" },
      { key: "mean", label: "mean |g|", format: measure },
      { key: "max", label: "max |g|", format: measure },
      { key: "rms", label: "RMS g", format: measure },
      { key: "weight", label: "RMS w", format: measure },
      { key: "ratio", label: "update/weight", format: measure },
    ],
    rows: state.layers.map((layer, i) => ({
      layer,
      mean: state.grad_mean_abs[i] ?? null,
      max: state.grad_max_abs[i] ?? null,
      rms: last(state.grad_rms[i]),
      weight: last(state.weight_rms?.[i]),
      ratio: last(state.update_ratio?.[i]),
    })),
    empty: "no training step recorded yet",
  };
}

/** Activation summaries per layer on the sample. */
export function activationTable(state: GradientMonitorState): TableSpec {
  return {
    className: "tslab-ml-activations",
    columns: [
      { key: "layer", label: "layer" },
      { key: "mean", label: "mean", format: measure },
      { key: "std", label: "std", format: measure },
      { key: "zeros", label: "zeros", format: fraction },
      { key: "dead", label: "dead units", format: fraction },
      { key: "saturated", label: "saturated", format: fraction },
    ],
    rows: state.act_layers.map((layer, i) => ({
      layer,
      mean: state.act_mean[i] ?? null,
      std: state.act_std[i] ?? null,
      zeros: state.act_zero_fraction[i] ?? null,
      dead: state.act_dead_fraction[i] ?? null,
      saturated: state.act_saturated_fraction[i] ?? null,
    })),
    empty: "no activations recorded: pass { sample: xs.slice(0, 64) } to gradientMonitor",
  };
}

/**
 * A log axis's range (log10 units, as plotly takes it) over every positive finite value and the `always`
 * values (a reference line), padded by a fifth of a decade; undefined when there is no positive value.
 * Set explicitly so a chart shows its lines whatever it was drawn with before (an empty first draw, a
 * reference line alone).
 */
export function logAxisRange(
  values: Iterable<number | null | undefined>,
  always: readonly number[] = [],
): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of [...values, ...always]) {
    if (typeof v !== "number" || !(v > 0) || !Number.isFinite(v)) continue;
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  if (lo === Infinity) return undefined;
  return [Math.log10(lo) - 0.2, Math.log10(hi) + 0.2];
}

/**
 * The histogram heatmap's y range: the bins holding any mass in `z` (one row per bin, one column per
 * step), one bin more on either side, within the edges; every edge when nothing is recorded. The fixed
 * log range is wide (1e-20 to 1e4) so no value is clipped; this keeps the chart on what was recorded.
 */
export function occupiedBinRange(
  edges: readonly number[],
  z: readonly (readonly number[])[],
): [number, number] {
  const first = edges[0] ?? 0;
  const last = edges[edges.length - 1] ?? 1;
  const rows = z.map((row, b) => (row.some((v) => v > 0) ? b : -1)).filter((b) => b >= 0);
  if (rows.length === 0) return [first, last];
  const lo = Math.max(0, Math.min(...rows) - 1);
  const hi = Math.min(edges.length - 1, Math.max(...rows) + 2);
  return [edges[lo] ?? first, edges[hi] ?? last];
}
