import { fmt } from "./kinds";
import { mean, median, type Finding, type RuleInput } from "./finding";

/** The loss not moving: frozen over ≥ 3 steps, or changed less than `stuckChange` over ≥ `stuckSteps`. */
export function stuckFindings({ history, thresholds, layout }: RuleInput): Finding[] {
  const stopped = frozenWeights(history);
  if (stopped) return [stopped];
  const losses = history.losses;
  if (losses.length < 3 || losses.some((l) => !Number.isFinite(l.loss))) return [];
  const values = losses.map((l) => l.loss);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const scale = Math.max(Math.abs(mean(values)), 1e-12);
  const frozen = (hi - lo) / scale < 1e-5;
  // Windows of whole epochs where possible: the same batches, so their difficulty cancels out.
  const epoch = layout.stepsPerEpoch ?? 0;
  const fifth = Math.max(1, epoch > 0 && epoch <= values.length / 2 ? epoch : Math.floor(values.length / 5));
  const first = mean(values.slice(0, fifth));
  const last = mean(values.slice(-fifth));
  const change = Math.abs(last - first) / Math.max(Math.abs(first), 1e-12);
  const flat = values.length >= thresholds.stuckSteps && change < thresholds.stuckChange;
  if (!frozen && !flat) return [];
  const span = `steps ${losses[0]!.step}–${losses[losses.length - 1]!.step}`;
  return [
    {
      layer: "model",
      kind: "stuck",
      step: losses[losses.length - 1]!.step,
      evidence: frozen
        ? `the loss is ${fmt(values[0] as number)} at every one of ${values.length} steps (${span})`
        : `the loss moved ${(change * 100).toFixed(2)}% over ${values.length} steps (${span}): ${fmt(first)} → ${fmt(last)}`,
    },
  ];
}

/** Zero updates in every layer over the last recorded steps: the optimizer changes nothing. */
function frozenWeights(history: RuleInput["history"]): Finding | undefined {
  const recent = history.records.filter((r) => r.updates && Object.keys(r.updates).length > 0).slice(-3);
  if (recent.length < 3) return undefined;
  if (!recent.every((r) => Object.values(r.updates!).every((u) => u.ratio === 0 && u.nonFinite === 0)))
    return undefined;
  const last = recent[recent.length - 1]!;
  return {
    layer: "model",
    kind: "stuck",
    step: recent[0]!.step,
    evidence:
      `no weight of any layer changed at steps ${recent.map((r) => r.step).join(", ")}: the gradients are zero ` +
      `(loss ${fmt(history.losses[history.losses.length - 1]?.loss ?? NaN)} at step ${last.step})`,
  };
}

/**
 * Update/weight ratios far from ~1e-3: the median over the recent records of RMS(Δw)/RMS(w) per layer. One
 * verdict for the model, at the layer furthest off, listing the others.
 */
export function updateRatioFindings(
  { history, layers, thresholds }: RuleInput,
  explainedLow: ReadonlySet<string> = new Set(),
): Finding[] {
  const recent = history.records.filter((r) => r.updates).slice(-5);
  if (recent.length < Math.min(3, thresholds.sustainedRecords)) return [];
  const perLayer = layers
    .map((layer) => {
      const ratios = recent.map((r) => r.updates?.[layer]?.ratio).filter((x): x is number => x !== undefined);
      return { layer, ratio: ratios.length === recent.length ? median(ratios) : NaN };
    })
    .filter((x) => Number.isFinite(x.ratio));
  const high = perLayer
    .filter((x) => x.ratio >= thresholds.updateRatioHigh)
    .sort((a, b) => b.ratio - a.ratio);
  // A ratio of exactly 0 means no gradient reached the layer: other verdicts (dead, saturated output) say why.
  const low = perLayer
    .filter((x) => x.ratio > 0 && x.ratio <= thresholds.updateRatioLow && !explainedLow.has(x.layer))
    .sort((a, b) => a.ratio - b.ratio);
  const finding = (layers: { layer: string; ratio: number }[], verdict: "too high" | "too low"): Finding[] =>
    layers.length === 0
      ? []
      : [
          {
            layer: layers[0]!.layer,
            kind: "update_ratio",
            step: recent[0]!.step,
            evidence:
              `updates are ${fmt(layers[0]!.ratio)} of the weights' RMS per step (median of ${recent.length} ` +
              `recorded steps; healthy ≈ 1e-3): learning rate ${verdict} — ` +
              layers.map((x) => `${x.layer} ${fmt(x.ratio)}`).join(", "),
          },
        ];
  const out: Finding[] = [...finding(high, "too high"), ...finding(low, "too low")];
  return out;
}
