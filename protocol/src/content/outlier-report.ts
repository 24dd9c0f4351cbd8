import { count } from "../format";
import type { TableSpec } from "../render/table";
import type { Thumb } from "../render/thumbnails";
import type { OutlierReportState, OutlierTab } from "../widgets/outlier-report";

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

/** How many images are excluded and what to do with them. */
export function excludedLine(state: OutlierReportState, live: boolean): string {
  const n = state.excluded.length;
  return live
    ? `${n} excluded — click a thumbnail to exclude or include it; report.clean() drops them`
    : `${n} images excluded (outlined)`;
}

/** The line under an outlier's caption: whether it is excluded (the caption already holds the score). */
export function outlierDetail(item: { index: number }, excluded: ReadonlySet<number>): string | undefined {
  return excluded.has(item.index) ? "excluded" : undefined;
}

/** One tab's thumbnails: the caption once, the excluded ones marked. */
export function outlierThumbs(
  tab: OutlierTab,
  excluded: ReadonlySet<number>,
  src: (slot: number) => string,
): Thumb[] {
  return tab.items.map((item, slot) => ({
    src: src(slot),
    caption: item.caption,
    detail: outlierDetail(item, excluded),
    index: item.index,
    selected: excluded.has(item.index),
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
