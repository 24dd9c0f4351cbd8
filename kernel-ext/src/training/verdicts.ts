import type { MonitorHistory, StepRecord } from "./monitor-history";

export type VerdictKind = "vanishing" | "exploding" | "dead" | "non_finite" | "saturated";

export interface Verdict {
  layer: string;
  kind: VerdictKind;
  /** The step the verdict was established at. */
  step: number;
  evidence: string;
  cures: string[];
}

export interface VerdictThresholds {
  /** A layer's gradient RMS below this fraction of the last layer's is vanishing (3 orders of magnitude). */
  vanishingRatio: number;
  /** Recorded steps in a row a vanishing ratio must hold. */
  sustainedRecords: number;
  /** Growth of the global gradient norm from the first records that counts as exploding. */
  explodingGrowth: number;
  /** Fraction of a ReLU layer's units that are dead for a verdict. */
  deadUnitFraction: number;
  /** Fraction of a sigmoid/tanh layer's values at their bounds for a verdict. */
  saturatedFraction: number;
}

export const DEFAULT_VERDICT_THRESHOLDS: VerdictThresholds = {
  vanishingRatio: 1e-3,
  sustainedRecords: 3,
  explodingGrowth: 100,
  deadUnitFraction: 0.5,
  saturatedFraction: 0.8,
};

export const CURES: Record<VerdictKind, string[]> = {
  vanishing: [
    "initialise with He (ReLU) or Glorot (tanh/sigmoid) instead of tiny weights",
    "use ReLU-family activations in hidden layers instead of sigmoid/tanh",
    "add batch normalisation between layers",
    "add residual (skip) connections in deep stacks",
  ],
  exploding: [
    "clip gradients: withGradientClipping(optimizer, { maxGlobalNorm: 1 })",
    "lower the learning rate",
    "initialise with Glorot/He instead of large weights",
    "add batch normalisation",
  ],
  non_finite: [
    "lower the learning rate (the usual cause)",
    "clip gradients: withGradientClipping(optimizer, { maxGlobalNorm: 1 })",
    "look for NaN/Infinity in the inputs and for log(0) or division by zero in custom losses",
  ],
  dead: [
    "lower the learning rate (a big step can push ReLUs into the negative for good)",
    "use LeakyReLU or ELU",
    "initialise with He; check that biases are not very negative",
  ],
  saturated: [
    "normalise the inputs (zero mean, unit variance)",
    "initialise with Glorot instead of large weights",
    "add batch normalisation before the activation, or use ReLU",
  ],
};

const fmt = (x: number): string =>
  Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(3) : x.toExponential(2);

function lastLayerWithGradients(record: StepRecord, layers: readonly string[]): string | undefined {
  for (let i = layers.length - 1; i >= 0; i--) if (record.gradients[layers[i] as string]) return layers[i];
  return undefined;
}

/** Everything the recorded steps say is wrong, one verdict per layer and kind (the first step it held). */
export function diagnoseGradients(
  history: MonitorHistory,
  layers: readonly string[],
  thresholds: VerdictThresholds = DEFAULT_VERDICT_THRESHOLDS,
): Verdict[] {
  const verdicts: Verdict[] = [];
  const seen = new Set<string>();
  const add = (v: Omit<Verdict, "cures">): void => {
    const key = `${v.layer}/${v.kind}`;
    if (seen.has(key)) return;
    seen.add(key);
    verdicts.push({ ...v, cures: CURES[v.kind] });
  };
  const records = history.records;

  for (const record of records) {
    for (const layer of layers) {
      const g = record.gradients[layer];
      if (g && g.nonFinite > 0) {
        add({
          layer,
          kind: "non_finite",
          step: record.step,
          evidence: `${g.nonFinite} of ${g.count} gradient values are NaN or Infinity`,
        });
      }
    }
  }

  // Vanishing: sustained over the last records, relative to the layer nearest the output.
  const recent = records.slice(-thresholds.sustainedRecords);
  if (recent.length >= thresholds.sustainedRecords) {
    for (const layer of layers) {
      const ratios = recent.map((r) => {
        const ref = lastLayerWithGradients(r, layers);
        const g = r.gradients[layer];
        const top = ref ? r.gradients[ref] : undefined;
        return ref !== layer && g && top && top.rms > 0 && g.nonFinite === 0 ? g.rms / top.rms : undefined;
      });
      if (ratios.every((x) => x !== undefined && x < thresholds.vanishingRatio)) {
        const last = recent[recent.length - 1] as StepRecord;
        const ref = lastLayerWithGradients(last, layers) as string;
        const worst = Math.max(...(ratios as number[]));
        add({
          layer,
          kind: "vanishing",
          step: recent[0]!.step,
          evidence:
            `gradient RMS ${fmt(last.gradients[layer]!.rms)} vs ${fmt(last.gradients[ref]!.rms)} at ${ref}: ` +
            `at most ${fmt(worst)}× the last layer's over ${recent.length} recorded steps (${Math.round(-Math.log10(worst))} orders of magnitude)`,
        });
      }
    }
  }

  // Exploding: the global norm grows by orders of magnitude from the start of training.
  const globalNorms = records.map((r) =>
    Math.sqrt(
      Object.values(r.gradients).reduce((s, g) => s + (Number.isFinite(g.norm) ? g.norm ** 2 : 0), 0),
    ),
  );
  // A baseline of all-zero gradients (a saturated output at the start) would make any later norm look like
  // an explosion: measure growth from the first records whose norm is not vanishingly small.
  const meaningful = globalNorms.map((n, i) => ({ n, i })).filter(({ n }) => n > 1e-8);
  if (meaningful.length >= 2) {
    const base = Math.min(...meaningful.slice(0, 2).map(({ n }) => n));
    const peak = meaningful.reduce((best, x) => (x.n > best.n ? x : best));
    const growth = peak.n / base;
    if (growth >= thresholds.explodingGrowth) {
      const record = records[peak.i] as StepRecord;
      const layer = Object.entries(record.gradients).sort((a, b) => b[1].norm - a[1].norm)[0]?.[0] ?? "model";
      add({
        layer,
        kind: "exploding",
        step: record.step,
        evidence: `global gradient norm grew ${fmt(growth)}× (from ${fmt(base)} to ${fmt(peak.n)} at step ${record.step}); largest at ${layer}`,
      });
    }
  }

  // After NaN/Infinity reached the weights, dead units and saturation are its consequences, not causes.
  const latest = verdicts.some((v) => v.kind === "non_finite") ? undefined : records[records.length - 1];
  if (latest) {
    for (const [layer, a] of Object.entries(latest.activations)) {
      if (a.deadUnitFraction >= thresholds.deadUnitFraction) {
        add({
          layer,
          kind: "dead",
          step: latest.step,
          evidence: `${Math.round(a.deadUnitFraction * 100)}% of units output 0 for ≥99% of the sample (zeros overall: ${Math.round(a.zeroFraction * 100)}%)`,
        });
      }
      if (a.saturatedFraction >= thresholds.saturatedFraction) {
        add({
          layer,
          kind: "saturated",
          step: latest.step,
          evidence: `${Math.round(a.saturatedFraction * 100)}% of activations are pinned at the bounds of the activation`,
        });
      }
    }
  }
  return verdicts;
}
