import {
  accuracyLine,
  confusionMatrixHtml,
  galleryTitle,
  mostConfusedTable,
  NO_MISPREDICTION,
  perClassMetricsTable,
  SALIENCY_ACTION,
  saliencyPanelHtml,
  WIDGETS,
  type ConfusionCell,
  type MispredictionItem,
} from "tslab-ml-protocol";
import { el, imageSource, titleElement } from "../components/dom";
import { LazyGallery } from "../components/lazy-gallery";
import { SortableTable } from "../components/sortable-table";
import { TslabMlView } from "./base-view";
import { galleryChannel } from "./gallery-channel";

/**
 * Where the model is wrong: a confusion matrix whose cells filter the gallery, the top losses with actual,
 * predicted, loss and the probability of the actual class, most-confused pairs and per-class accuracy.
 * The matrix and the pairs are the same markup as the static fallback (tslab-ml-protocol), with listeners.
 */
export class MispredictionsView extends TslabMlView<typeof WIDGETS.mispredictions> {
  protected readonly contract = WIDGETS.mispredictions;
  private gallery: LazyGallery<MispredictionItem> | undefined;
  private revokers: (() => void)[] = [];
  /** Whether the matrix shows shares of each actual class instead of counts (a view-only choice). */
  private normalised = false;

  protected draw(): HTMLElement {
    const state = this.state();
    const matrix = el("div", { className: "tslab-ml-scroll" });
    matrix.innerHTML = confusionMatrixHtml(state, this.normalised);
    const toggle = el("button", {
      text: this.normalised ? "show counts" : "show shares of each class",
      className: "tslab-ml-normalise",
    });
    toggle.addEventListener("click", () => {
      this.normalised = !this.normalised;
      this.redraw();
    });
    const metrics = new SortableTable(perClassMetricsTable(state));
    matrix.addEventListener("click", (event) => {
      const cell = (event.target as Element | null)?.closest?.("td.tslab-ml-cell");
      const actual = Number(cell?.getAttribute("data-actual"));
      const predicted = Number(cell?.getAttribute("data-predicted"));
      if (cell && actual !== predicted) this.setFilter({ actual, predicted });
    });
    const pairs = new SortableTable(mostConfusedTable(state), {
      onRowClick: (row) => this.setFilter({ actual: Number(row.actual), predicted: Number(row.predicted) }),
    });
    this.gallery = new LazyGallery(
      state.gallery_items,
      state.gallery_thumbs,
      galleryChannel(this.model, this),
      {
        gallery: "errors",
        total: state.gallery_total,
        pageSize: state.page_size,
        cols: 8,
        thumbSize: state.thumb_size,
        empty: state.filter ? "no images in this cell" : NO_MISPREDICTION,
        // The kernel holds the model: each image can open its saliency map in the panel below.
        actions: state.saliency_enabled ? () => [SALIENCY_ACTION] : undefined,
        onAction: (index, action) => {
          if (action === SALIENCY_ACTION.action) this.save({ saliency_index: index });
        },
      },
    );
    const clear = el("button", { text: "show all", className: "tslab-ml-clear-filter" });
    clear.disabled = !state.filter;
    clear.addEventListener("click", () => this.setFilter(null));
    return el("div", { className: "tslab-ml-mispredictions" }, [
      titleElement(state.title),
      el("div", { text: accuracyLine(state), style: "font:12px sans-serif" }),
      el("div", { className: "tslab-ml-row" }, [
        el("div", {}, [toggle, matrix]),
        el("div", {}, [
          el("div", { text: "most confused", style: "font:bold 12px sans-serif" }),
          pairs.element,
        ]),
        el("div", {}, [
          el("div", { text: "per class", style: "font:bold 12px sans-serif" }),
          metrics.element,
        ]),
      ]),
      el("div", { style: "display:flex;gap:8px;align-items:center;margin-top:8px" }, [
        el("span", {
          className: "tslab-ml-gallery-title",
          text: galleryTitle(state),
          style: "font:bold 12px sans-serif",
        }),
        clear,
      ]),
      this.gallery.element,
      this.saliencyPanel(),
    ]);
  }

  /** The saliency map the kernel made for the image last asked for ("" when none). */
  private saliencyPanel(): HTMLElement {
    const state = this.state();
    const box = el("div", { className: "tslab-ml-saliency-panel" });
    const panel = state.saliency_panel;
    if (!panel) {
      // Asked for, not answered yet: say so instead of looking dead.
      if (typeof state.saliency_index === "number")
        box.append(
          el("div", {
            text: `computing the saliency map of #${state.saliency_index} …`,
            style: "font:12px sans-serif",
          }),
        );
      return box;
    }
    const sources = panel.images.map((png) => imageSource(png, "image/png"));
    for (const { revoke } of sources) if (revoke) this.revokers.push(revoke);
    box.innerHTML = saliencyPanelHtml(panel, (slot) => sources[slot]?.src ?? "");
    const close = el("button", { text: "close", className: "tslab-ml-saliency-close" });
    close.addEventListener("click", () => this.save({ saliency_index: null }));
    box.append(close);
    return box;
  }

  protected override cleanup(): void {
    this.gallery?.dispose();
    this.gallery = undefined;
    for (const revoke of this.revokers) revoke();
    this.revokers = [];
  }

  private setFilter(filter: ConfusionCell | null): void {
    this.save({ filter });
  }
}
