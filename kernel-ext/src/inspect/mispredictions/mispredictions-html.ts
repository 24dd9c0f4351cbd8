import {
  accuracyLine,
  confusionMatrixHtml,
  galleryTitle,
  headingHtml,
  mispredictionThumbs,
  mostConfusedTable,
  NO_MISPREDICTION,
  perClassMetricsTable,
  saliencyPanelHtml,
  tableHtml,
  text,
  thumbGridHtml,
  titleHtml,
  type MispredictionsState,
} from "tslab-ml-protocol";
import { pngDataUri } from "../../display/html";

/**
 * The widget as one self-contained HTML block: the same matrix, pairs and thumbnails the live view draws
 * (tslab-ml-protocol), with the first gallery page only.
 */
export function mispredictionsHtml(state: MispredictionsState): string {
  const thumbs = mispredictionThumbs(state.gallery_items, (slot) => {
    const png = state.gallery_thumbs[slot];
    return png ? pngDataUri(png) : "";
  });
  const more =
    state.gallery_total > state.gallery_items.length
      ? ` (first ${state.gallery_items.length}; the live widget pages through the rest)`
      : "";
  return (
    `<div class="tslab-ml-mispredictions" style="font:12px sans-serif">${titleHtml(state.title)}` +
    text("div", {}, accuracyLine(state)) +
    `<div style="display:flex;gap:16px;flex-wrap:wrap;align-items:flex-start">${confusionMatrixHtml(state)}` +
    `<div>${headingHtml("most confused")}${tableHtml(mostConfusedTable(state))}</div>` +
    `<div>${headingHtml("per class")}${tableHtml(perClassMetricsTable(state))}</div></div>` +
    headingHtml(galleryTitle(state) + more) +
    thumbGridHtml(thumbs, { cols: 8, size: state.thumb_size, empty: NO_MISPREDICTION }) +
    (state.saliency_panel
      ? saliencyPanelHtml(state.saliency_panel, (slot) => {
          const png = state.saliency_panel?.images[slot];
          return png ? pngDataUri(png) : "";
        })
      : "") +
    `</div>`
  );
}
