import type { StepRecord } from "../monitor-history";
import { fmt } from "./kinds";
import { mean, type Finding, type RuleInput } from "./finding";

const pct = (x: number): string => `${Math.round(x * 100)}%`;

function latestWithActivations(input: RuleInput): StepRecord | undefined {
  const records = input.history.records;
  for (let i = records.length - 1; i >= 0; i--)
    if (Object.keys(records[i]!.activations).length > 0) return records[i];
  return undefined;
}

/** Dead ReLU units and saturated sigmoid/tanh hidden layers, on the latest recorded activations. */
export function deadAndSaturatedFindings(input: RuleInput): Finding[] {
  const latest = latestWithActivations(input);
  if (!latest) return [];
  const out: Finding[] = [];
  for (const [layer, a] of Object.entries(latest.activations)) {
    if (a.deadUnitFraction >= input.thresholds.deadUnitFraction) {
      out.push({
        layer,
        kind: "dead",
        step: latest.step,
        evidence: `${pct(a.deadUnitFraction)} of units output 0 for ≥99% of the sample (zeros overall: ${pct(a.zeroFraction)})`,
      });
    }
    const family = input.layout.families?.get(layer);
    const hidden = layer !== input.layout.outputLayer && family !== "softmax";
    if (hidden && a.saturatedFraction >= input.thresholds.saturatedFraction) {
      out.push({
        layer,
        kind: "saturated",
        step: latest.step,
        evidence: `${pct(a.saturatedFraction)} of activations are pinned at the bounds of the ${family ?? "activation"}`,
      });
    }
  }
  return out;
}

/**
 * Forward scale growing layer by layer: along the layers in order, activation RMS that keeps rising (by ≥ 2×
 * at least twice) and ends ≥ `activationGrowth` times above where the run started, at values far above 1.
 */
export function explodingActivationFindings(input: RuleInput): Finding[] {
  for (const record of input.history.records) {
    const chain = input.layers
      .map((layer) => ({ layer, a: record.activations[layer] }))
      .filter((x): x is { layer: string; a: NonNullable<typeof x.a> } => !!x.a && x.a.nonFinite === 0);
    let start = 0;
    let jumps = 0;
    for (let i = 1; i <= chain.length; i++) {
      const prev = chain[i - 1]!.a.rms;
      const cur = i < chain.length ? chain[i]!.a.rms : -1;
      if (cur >= 0.99 * prev && prev > 0) {
        if (cur >= 2 * prev) jumps++;
        continue;
      }
      const from = chain[start]!;
      const to = chain[i - 1]!;
      const growth = from.a.rms > 0 ? to.a.rms / from.a.rms : 0;
      const layersSpanned = i - 1 - start;
      if (jumps >= 2 && growth >= input.thresholds.activationGrowth && to.a.rms >= 10) {
        const perLayer = growth ** (1 / Math.max(1, layersSpanned));
        return [
          {
            layer: to.layer,
            kind: "exploding_activations",
            step: record.step,
            evidence:
              `activation RMS grows ${fmt(perLayer)}× per layer from ${fmt(from.a.rms)} at ${from.layer} to ` +
              `${fmt(to.a.rms)} at ${to.layer} (${fmt(growth)}× over ${layersSpanned} layers)`,
          },
        ];
      }
      start = i;
      jumps = 0;
    }
  }
  return [];
}

/**
 * A softmax/sigmoid output pinned at 0/1 on most of the sample while the loss stays high: the logits are so
 * large that the output's gradients are ≈ 0 and nothing learns (a confident, trained model has a low loss).
 */
export function saturatedOutputFindings(input: RuleInput): Finding[] {
  const { outputLayer, families } = input.layout;
  const family = outputLayer ? families?.get(outputLayer) : undefined;
  if (!outputLayer || (family !== "softmax" && family !== "sigmoid")) return [];
  const latest = latestWithActivations(input);
  const a = latest?.activations[outputLayer];
  if (!latest || !a || a.saturatedFraction < input.thresholds.saturatedOutputFraction) return [];
  const losses = input.history.losses.map((l) => l.loss).filter(Number.isFinite);
  const grad = latest.gradients[outputLayer];
  let lossNote: string;
  if (losses.length >= 2) {
    const fifth = Math.max(1, Math.floor(losses.length / 5));
    const first = mean(losses.slice(0, fifth));
    const last = mean(losses.slice(-fifth));
    if (last < 0.5 * first) return [];
    lossNote = `the loss stays at ${fmt(last)} (from ${fmt(first)})`;
  } else {
    if (!grad || grad.rms > 1e-6) return [];
    lossNote = "no loss recorded";
  }
  const what = family === "softmax" ? "rows have a top probability ≥ 0.99" : "outputs are < 0.01 or > 0.99";
  return [
    {
      layer: outputLayer,
      kind: "saturated_output",
      step: latest.step,
      evidence:
        `${pct(a.saturatedFraction)} of the sample's ${what}; ${lossNote}` +
        (grad ? `; gradient RMS at ${outputLayer} ${fmt(grad.rms)}` : ""),
    },
  ];
}
