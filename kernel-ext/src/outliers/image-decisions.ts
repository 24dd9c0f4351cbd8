import type { RelabelEntry } from "tslab-ml-protocol";
import { excludedProblem, type ExcludedSet } from "./excluded-set";
import { relabeledProblem, type RelabelMap } from "./relabel-map";

/** What a gallery report decided per image: images to leave out and new classes. */
export interface ImageDecisions {
  excluded: ExcludedSet;
  relabeled: RelabelMap;
}

/**
 * Why a view's `excluded` or `relabeled` value is refused (undefined when it is fine or another key): the
 * one check both gallery reports (findOutliers, findLabelIssues) apply to what their views send.
 */
export function decisionProblem(
  key: string,
  value: unknown,
  ds: { length: number; classNames: readonly string[] },
): string | undefined {
  if (key === "excluded") return excludedProblem(value, ds.length);
  if (key === "relabeled") return relabeledProblem(value, ds);
  return undefined;
}

/** Takes a checked view change into the report's set and map without echoing it back to the view. */
export function applyDecisions(
  changed: { excluded?: number[]; relabeled?: RelabelEntry[] },
  decisions: ImageDecisions,
): void {
  if (changed.relabeled) decisions.relabeled.replaceFromState(changed.relabeled);
  if (changed.excluded) decisions.excluded.replaceFromView(changed.excluded);
}
