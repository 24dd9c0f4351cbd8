import type { RelabelEntry } from "../gallery";

/** `relabeled` with image `index` set to `label` (or its new label dropped when `label` is undefined), sorted. */
export function withRelabel(
  relabeled: readonly RelabelEntry[],
  index: number,
  label: number | undefined,
): RelabelEntry[] {
  const next = relabeled.filter((r) => r.index !== index);
  if (label !== undefined) next.push({ index, label });
  return next.sort((a, b) => a.index - b.index);
}

/** The words for a new label: "relabeled as cat". */
export function relabeledText(classNames: readonly string[], label: number): string {
  return `relabeled as ${classNames[label] ?? String(label)}`;
}
