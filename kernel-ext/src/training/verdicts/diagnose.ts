import type { MonitorHistory } from "../monitor-history";
import {
  deadAndSaturatedFindings,
  explodingActivationFindings,
  saturatedOutputFindings,
} from "./activation-rules";
import type { Finding, ModelLayout, RuleInput } from "./finding";
import { explodingFindings, nonFiniteFindings, vanishingFindings } from "./gradient-rules";
import { CURES, DEFAULT_VERDICT_THRESHOLDS, type Verdict, type VerdictThresholds } from "./kinds";
import { stuckFindings, updateRatioFindings } from "./training-rules";

/**
 * Everything the recorded steps say is wrong, one verdict per layer and kind (the first step it held).
 * Consequences are not reported as causes: after NaN/Infinity, dead units and saturation follow from it; the
 * zero gradients below a dead layer are not "vanishing".
 */
export function diagnoseGradients(
  history: MonitorHistory,
  layers: readonly string[],
  thresholds: VerdictThresholds = DEFAULT_VERDICT_THRESHOLDS,
  layout: ModelLayout = {},
): Verdict[] {
  const input: RuleInput = { history, layers, thresholds, layout };
  const findings: Finding[] = [...nonFiniteFindings(input)];
  const broken = findings.length > 0;
  const activations = broken
    ? []
    : [
        ...explodingActivationFindings(input),
        ...saturatedOutputFindings(input),
        ...deadAndSaturatedFindings(input),
      ];
  const deadLayers = activations.filter((f) => f.kind === "dead").map((f) => layers.indexOf(f.layer));
  const deepestDead = deadLayers.length ? Math.max(...deadLayers) : -1;
  const vanishing = vanishingFindings(input).filter((f) => layers.indexOf(f.layer) > deepestDead);
  findings.push(...explodingFindings(input), ...activations, ...vanishing);
  // Tiny updates where gradients vanish are that verdict's consequence, not a learning-rate problem.
  const vanished = new Set(vanishing.map((f) => f.layer));
  if (!broken) findings.push(...updateRatioFindings(input, vanished));
  findings.push(...stuckFindings(input));

  const seen = new Set<string>();
  const verdicts: Verdict[] = [];
  for (const f of findings) {
    const key = `${f.layer}/${f.kind}`;
    if (seen.has(key)) continue;
    seen.add(key);
    verdicts.push({ ...f, cures: CURES[f.kind] });
  }
  return verdicts;
}
