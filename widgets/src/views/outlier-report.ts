import {
  applyOutlierAction,
  emptyTab,
  excludedLine,
  outlierActions,
  outlierDecisions,
  outlierDetail,
  outlierSummaryTable,
  tabHeading,
  tableHtml,
  WIDGETS,
  type OutlierItem,
} from "tslab-ml-protocol";
import { el, titleElement } from "../components/dom";
import { LazyGallery } from "../components/lazy-gallery";
import { TslabMlView } from "./base-view";
import { galleryChannel } from "./gallery-channel";

/**
 * Tabs per issue kind with thumbnails sorted by score; a click excludes or includes an image (synced to
 * `report.excluded`), the class menu under it gives it a new label (synced to `report.relabeled`).
 */
export class OutlierReportView extends TslabMlView<typeof WIDGETS.outlierReport> {
  protected readonly contract = WIDGETS.outlierReport;
  private gallery: LazyGallery<OutlierItem> | undefined;
  private activeKind: string | undefined;

  protected draw(): HTMLElement {
    const state = this.state();
    const tabs = state.tabs;
    const decisions = outlierDecisions(state);
    const withIssues = tabs.filter((t) => t.count > 0);
    if (!this.activeKind || !tabs.some((t) => t.kind === this.activeKind))
      this.activeKind = (withIssues[0] ?? tabs[0])?.kind;
    const bar = el(
      "div",
      { className: "tslab-ml-tabs", style: "display:flex;gap:4px;flex-wrap:wrap;margin:4px 0" },
      tabs.map((tab) => {
        const button = el("button", {
          text: `${tab.kind} (${tab.count})`,
          className: tab.kind === this.activeKind ? "tslab-ml-tab active" : "tslab-ml-tab",
          attrs: { "data-kind": tab.kind },
          style: `font:12px sans-serif;padding:3px 8px;border:1px solid #ccc;border-radius:3px;background:${tab.kind === this.activeKind ? "#e8f0fe" : "#fff"}`,
        });
        button.addEventListener("click", () => {
          this.activeKind = tab.kind;
          this.redraw();
        });
        return button;
      }),
    );
    const tab = tabs.find((t) => t.kind === this.activeKind);
    const body = el("div", { className: "tslab-ml-tab-body" });
    if (tab) {
      body.append(
        el("div", { text: tabHeading(tab), style: "font:12px sans-serif;color:#444;margin:2px 0" }),
      );
      this.gallery = new LazyGallery(tab.items, tab.thumbs, galleryChannel(this.model, this), {
        gallery: tab.kind,
        total: tab.count,
        pageSize: state.page_size,
        cols: 8,
        thumbSize: state.thumb_size,
        selected: decisions.excluded,
        empty: emptyTab(tab),
        onClick: (index) => this.toggle(index),
        detail: (item) => outlierDetail(item, decisions),
        actions: (item) => outlierActions(item, decisions),
        onAction: (index, action) => this.act(index, action),
      });
      body.append(this.gallery.element);
    }
    const summary = el(
      "details",
      { className: "tslab-ml-outlier-summary-box", style: "font:12px sans-serif;margin-top:6px" },
      [el("summary", { text: "every check and what it means" })],
    );
    // Open when a check did not run: the reason must be seen.
    summary.open = state.skipped_checks.length > 0;
    summary.insertAdjacentHTML("beforeend", tableHtml(outlierSummaryTable(state)));
    return el("div", { className: "tslab-ml-outlier-report" }, [
      titleElement(state.title),
      el("div", {
        className: "tslab-ml-excluded",
        text: excludedLine(state, true),
        style: "font:12px sans-serif;color:#444",
      }),
      bar,
      body,
      summary,
    ]);
  }

  protected override cleanup(): void {
    this.gallery?.dispose();
    this.gallery = undefined;
  }

  private act(index: number, action: string): void {
    const change = applyOutlierAction(this.state(), index, action);
    if (change) this.save(change);
  }

  private toggle(index: number): void {
    const excluded = new Set(this.get("excluded"));
    if (excluded.has(index)) excluded.delete(index);
    else excluded.add(index);
    this.save({ excluded: [...excluded].sort((a, b) => a - b) });
  }
}
