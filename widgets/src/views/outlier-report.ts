import { el, type Binary } from "../components/dom";
import { LazyGallery } from "../components/lazy-gallery";
import { WIDGET_CLASSES, type OutlierItem, type OutlierTab, type SkippedCheck } from "../protocol";
import { modelClass, TslabMlView } from "./base-view";
import { galleryChannel } from "./gallery-channel";
import type { Expect } from "./validate";

export const OutlierReportModel = modelClass(WIDGET_CLASSES.outlierReport);

/** Tabs per issue kind with thumbnails sorted by score; a click excludes or includes an image (synced to `report.excluded`). */
export class OutlierReportView extends TslabMlView {
  protected readonly stateSpec: Record<string, Expect> = {
    title: "string",
    tabs: "array",
    skipped_checks: "array",
    excluded: "number[]",
    page_size: "number",
    thumb_size: "number",
  };
  private gallery: LazyGallery | undefined;
  private activeKind: string | undefined;

  protected draw(): HTMLElement {
    const tabs = this.model.get("tabs") as OutlierTab[];
    const excluded = new Set(this.model.get("excluded") as number[]);
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
        el("div", { text: tab.description, style: "font:12px sans-serif;color:#444;margin:2px 0" }),
      );
      this.gallery = new LazyGallery(tab.items, tab.thumbs as Binary[], galleryChannel(this.model, this), {
        gallery: tab.kind,
        total: tab.count,
        pageSize: this.model.get("page_size") as number,
        cols: 8,
        thumbSize: this.model.get("thumb_size") as number,
        selected: excluded,
        empty: `no image was flagged as ${tab.kind}`,
        onClick: (index) => this.toggle(index),
        detail: (item) =>
          `score ${(item as OutlierItem).score?.toPrecision(3) ?? ""}${excluded.has(item.index) ? " · excluded" : ""}`,
      });
      body.append(this.gallery.element);
    }
    const skipped = (this.model.get("skipped_checks") as SkippedCheck[]).map((s) =>
      el("li", { text: `${s.kind}: ${s.reason}` }),
    );
    return el("div", { className: "tslab-ml-outlier-report" }, [
      el("div", {
        className: "tslab-ml-title",
        text: this.model.get("title") as string,
        style: "font:bold 13px sans-serif",
      }),
      el("div", {
        className: "tslab-ml-excluded",
        text: `${excluded.size} excluded — click a thumbnail to exclude or include it; report.clean() drops them`,
        style: "font:12px sans-serif;color:#444",
      }),
      bar,
      body,
      ...(skipped.length
        ? [
            el("div", { text: "checks not run", style: "font:bold 12px sans-serif;margin-top:6px" }),
            el("ul", { style: "font:12px sans-serif" }, skipped),
          ]
        : []),
    ]);
  }

  protected override cleanup(): void {
    this.gallery?.dispose();
    this.gallery = undefined;
  }

  private toggle(index: number): void {
    const excluded = new Set(this.model.get("excluded") as number[]);
    if (excluded.has(index)) excluded.delete(index);
    else excluded.add(index);
    this.model.set(
      "excluded",
      [...excluded].sort((a, b) => a - b),
    );
    this.model.save_changes();
  }
}
