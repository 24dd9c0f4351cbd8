import {
  emptyTab,
  excludedLine,
  headingHtml,
  outlierDecisions,
  outlierSummaryTable,
  outlierThumbs,
  tabHeading,
  tableHtml,
  text,
  thumbGridHtml,
  titleHtml,
  type OutlierReportState,
} from "tslab-ml-protocol";
import { pngDataUri } from "../display/html";

/**
 * The report as one self-contained HTML block: the summary of every check, then each kind's first page of
 * thumbnails, drawn by the same renderers as the live view (tslab-ml-protocol).
 */
export function outlierReportHtml(state: OutlierReportState): string {
  const decisions = outlierDecisions(state);
  const sections = state.tabs
    .filter((t) => t.count > 0)
    .map((t) => {
      const thumbs = outlierThumbs(t, decisions, (slot) => {
        const png = t.thumbs[slot];
        return png ? pngDataUri(png) : "";
      });
      return (
        headingHtml(tabHeading(t)) +
        thumbGridHtml(thumbs, { cols: 8, size: state.thumb_size, empty: emptyTab(t) })
      );
    })
    .join("");
  return (
    `<div class="tslab-ml-outlier-report" style="font:12px sans-serif">${titleHtml(state.title)}` +
    tableHtml(outlierSummaryTable(state)) +
    (state.excluded.length || state.relabeled?.length
      ? text("div", { style: "margin-top:4px" }, excludedLine(state, false))
      : "") +
    `${sections}</div>`
  );
}
