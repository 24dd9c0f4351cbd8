import { count } from "../format";
import type { TableSpec } from "../render/table";
import type { Thumb, ThumbAction } from "../render/thumbnails";
import type { OutlierItem, OutlierReportState, OutlierTab } from "../widgets/outlier-report";
import { relabeledText, withRelabel } from "./relabel";

/** Every check: how many images it flagged and what it means; checks that did not run say why. */
export function outlierSummaryTable(state: OutlierReportState): TableSpec {
  return {
    className: "tslab-ml-outlier-summary",
    columns: [
      { key: "kind", label: "check" },
      { key: "count", label: "images", format: (v) => (typeof v === "number" ? count(v) : "not run") },
      { key: "description", label: "what it means" },
    ],
    rows: [
      ...state.tabs.map((t) => ({ kind: t.kind, count: t.count, description: t.description })),
      ...state.skipped_checks.map((s) => ({
        kind: s.kind,
        count: null,
        description: `not checked: ${s.reason}`,
      })),
    ],
    empty: "no check ran",
  };
}

/** What the user decided, by dataset index: excluded images and new labels. */
export interface OutlierDecisions {
  excluded: ReadonlySet<number>;
  relabeled: ReadonlyMap<number, number>;
  classNames: readonly string[];
}

export function outlierDecisions(state: OutlierReportState): OutlierDecisions {
  return {
    excluded: new Set(state.excluded),
    relabeled: new Map((state.relabeled ?? []).map((r) => [r.index, r.label])),
    classNames: state.class_names ?? [],
  };
}

/** How many images are excluded or relabeled and what to do with them. */
export function excludedLine(state: OutlierReportState, live: boolean): string {
  const n = state.excluded.length;
  const r = state.relabeled?.length ?? 0;
  return live
    ? `${n} excluded, ${r} relabeled — click a thumbnail to exclude or include it, pick a class under it to ` +
        "relabel it; report.clean() applies both"
    : `${n} images excluded (outlined), ${r} relabeled`;
}

/** The line under an outlier's caption: excluded and/or its new label (the caption already holds the score). */
export function outlierDetail(item: { index: number }, decisions: OutlierDecisions): string | undefined {
  const label = decisions.relabeled.get(item.index);
  const parts = [
    decisions.excluded.has(item.index) ? "excluded" : "",
    label === undefined ? "" : relabeledText(decisions.classNames, label),
  ].filter(Boolean);
  return parts.length ? parts.join(" · ") : undefined;
}

/** The class menu under an outlier (and a clear button once it has a new label); none without class names. */
export function outlierActions(item: OutlierItem, decisions: OutlierDecisions): ThumbAction[] {
  if (decisions.classNames.length === 0) return [];
  const label = decisions.relabeled.get(item.index);
  const actions: ThumbAction[] = [
    {
      action: "relabel",
      label: "relabel…",
      title: "give the image a new class (report.relabeled)",
      choices: decisions.classNames,
      chosen: label,
    },
  ];
  if (label !== undefined)
    actions.push({ action: "clear", label: "clear", title: "keep the image's own label" });
  return actions;
}

/**
 * Applies one action of the view ("relabel:<class>" from the class menu, "clear") to `relabeled`; undefined
 * for anything else (a class the menu does not have included).
 */
export function applyOutlierAction(
  state: OutlierReportState,
  index: number,
  action: string,
): Pick<OutlierReportState, "relabeled"> | undefined {
  const relabeled = state.relabeled ?? [];
  if (action === "clear") return { relabeled: withRelabel(relabeled, index, undefined) };
  const match = /^relabel:(\d+)$/.exec(action);
  const label = match ? Number(match[1]) : NaN;
  if (!(label < (state.class_names?.length ?? 0))) return undefined;
  return { relabeled: withRelabel(relabeled, index, label) };
}

/** One tab's thumbnails for a static page: the caption once, the decisions under it as text. */
export function outlierThumbs(
  tab: OutlierTab,
  decisions: OutlierDecisions,
  src: (slot: number) => string,
): Thumb[] {
  return tab.items.map((item, slot) => ({
    src: src(slot),
    caption: item.caption,
    detail: outlierDetail(item, decisions),
    index: item.index,
    selected: decisions.excluded.has(item.index),
  }));
}

/** What a tab says above its thumbnails. */
export function tabHeading(tab: OutlierTab): string {
  const more =
    tab.count > tab.items.length
      ? ` (first ${tab.items.length} of ${count(tab.count)}, highest score first)`
      : "";
  // The description names the kind already ("noisy: 1 − correlation …").
  return `${tab.description}${more}`;
}

export function emptyTab(tab: OutlierTab): string {
  return `no image was flagged as ${tab.kind}`;
}
