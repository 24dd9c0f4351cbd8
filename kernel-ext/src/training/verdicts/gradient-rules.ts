import type { StepRecord } from "../monitor-history";
import { fmt } from "./kinds";
import { lastLayerWithGradients, type Finding, type RuleInput } from "./finding";

/** NaN or Infinity anywhere: gradients, weights, activations or the loss. */
export function nonFiniteFindings({ history, layers }: RuleInput): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const add = (f: Finding): void => {
    if (seen.has(f.layer)) return;
    seen.add(f.layer);
    out.push(f);
  };
  for (const record of history.records) {
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
      const w = record.weights?.[layer];
      if (w && w.nonFinite > 0) {
        add({
          layer,
          kind: "non_finite",
          step: record.step,
          evidence: `${w.nonFinite} of ${w.count} weights are NaN or Infinity`,
        });
      }
    }
  }
  const badLoss = history.losses.find((l) => !Number.isFinite(l.loss));
  if (badLoss && out.length === 0) {
    add({
      layer: "model",
      kind: "non_finite",
      step: badLoss.step,
      evidence: `the loss is ${badLoss.loss} at step ${badLoss.step}`,
    });
  }
  return out;
}

/** Per-record ratio of a layer's gradient RMS to the layer nearest the output that has gradients. */
function ratioToLast(record: StepRecord, layer: string, layers: readonly string[]): number | undefined {
  const ref = lastLayerWithGradients(record, layers);
  const g = record.gradients[layer];
  const top = ref ? record.gradients[ref] : undefined;
  if (ref === layer || !g || !top || !(top.rms > 0) || g.nonFinite > 0 || top.nonFinite > 0) return undefined;
  return g.rms / top.rms;
}

/** Vanishing: a layer's gradients orders of magnitude below the last layer's, over the recent records. */
export function vanishingFindings({ history, layers, thresholds }: RuleInput): Finding[] {
  const recent = history.records.slice(-thresholds.sustainedRecords);
  if (recent.length < thresholds.sustainedRecords) return [];
  const out: Finding[] = [];
  for (const layer of layers) {
    const ratios = recent.map((r) => ratioToLast(r, layer, layers));
    if (!ratios.every((x) => x !== undefined && x < thresholds.vanishingRatio)) continue;
    const last = recent[recent.length - 1] as StepRecord;
    const ref = lastLayerWithGradients(last, layers) as string;
    const worst = Math.max(...(ratios as number[]));
    out.push({
      layer,
      kind: "vanishing",
      step: recent[0]!.step,
      evidence:
        `gradient RMS ${fmt(last.gradients[layer]!.rms)} vs ${fmt(last.gradients[ref]!.rms)} at ${ref}: ` +
        `at most ${fmt(worst)}× the last layer's over ${recent.length} recorded steps ` +
        `(${Math.round(-Math.log10(Math.max(worst, 1e-30)))} orders of magnitude)`,
    });
  }
  return out;
}

const globalNorm = (r: StepRecord): number =>
  Math.sqrt(Object.values(r.gradients).reduce((s, g) => s + (Number.isFinite(g.norm) ? g.norm ** 2 : 0), 0));

/**
 * Exploding, two ways: gradients growing layer by layer toward the input at some step (a model broken from
 * step 0), or the global gradient norm growing by orders of magnitude over time.
 */
export function explodingFindings({ history, layers, thresholds }: RuleInput): Finding[] {
  const records = history.records;
  for (const record of records) {
    for (const layer of layers) {
      const ratio = ratioToLast(record, layer, layers);
      if (ratio === undefined || ratio < thresholds.explodingRatio) continue;
      const ref = lastLayerWithGradients(record, layers) as string;
      return [
        {
          layer,
          kind: "exploding",
          step: record.step,
          evidence:
            `gradient RMS ${fmt(record.gradients[layer]!.rms)} at ${layer} vs ${fmt(record.gradients[ref]!.rms)} at ` +
            `${ref}: ${fmt(ratio)}× larger toward the input at step ${record.step}`,
        },
      ];
    }
  }
  for (const record of records) {
    for (const layer of layers) {
      const g = record.gradients[layer];
      const w = record.weights?.[layer];
      if (!g || !w || g.nonFinite > 0 || !(w.rms > 0) || g.rms < 1) continue;
      const ratio = g.rms / w.rms;
      if (ratio < thresholds.explodingGradientToWeight) continue;
      return [
        {
          layer,
          kind: "exploding",
          step: record.step,
          evidence:
            `gradient RMS ${fmt(g.rms)} at ${layer} is ${fmt(ratio)}× its weights' RMS ${fmt(w.rms)} at step ` +
            `${record.step}: any usual learning rate throws the weights far off`,
        },
      ];
    }
  }
  const norms = records.map(globalNorm);
  // A baseline of all-zero gradients (a saturated output at the start) would make any later norm look like
  // an explosion: measure growth from the first records whose norm is not vanishingly small.
  const meaningful = norms.map((n, i) => ({ n, i })).filter(({ n }) => n > 1e-8);
  if (meaningful.length < 2) return [];
  const base = Math.min(...meaningful.slice(0, 2).map(({ n }) => n));
  const peak = meaningful.reduce((best, x) => (x.n > best.n ? x : best));
  const growth = peak.n / base;
  if (growth < thresholds.explodingGrowth) return [];
  const record = records[peak.i] as StepRecord;
  const layer = Object.entries(record.gradients).sort((a, b) => b[1].norm - a[1].norm)[0]?.[0] ?? "model";
  return [
    {
      layer,
      kind: "exploding",
      step: record.step,
      evidence: `global gradient norm grew ${fmt(growth)}× (from ${fmt(base)} to ${fmt(peak.n)} at step ${record.step}); largest at ${layer}`,
    },
  ];
}
