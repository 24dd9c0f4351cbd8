import {
  applyLabelAction,
  decisionText,
  labelDecisionsLine,
  labelIssueActions,
  WIDGETS,
} from "tslab-ml-protocol";
import { el, titleElement } from "../components/dom";
import { ImageGrid } from "../components/image-grid";
import { TslabMlView } from "./base-view";

/**
 * `findLabelIssues`: the worst likely label errors, given → suggested, each with buttons to accept the
 * suggestion, exclude the image or undo; the decisions are `report.relabeled` and `report.excluded`.
 */
export class LabelIssuesView extends TslabMlView<typeof WIDGETS.labelIssues> {
  protected readonly contract = WIDGETS.labelIssues;
  private grid: ImageGrid | undefined;

  protected draw(): HTMLElement {
    const state = this.state();
    const decided = new Set([...state.excluded, ...state.relabeled.map((r) => r.index)]);
    this.grid = new ImageGrid(
      state.items.map((item, slot) => ({
        png: state.thumbs[slot] ?? new Uint8Array(0),
        caption: item.caption,
        detail: decisionText(state, item),
        index: item.index,
        actions: labelIssueActions(state, item),
      })),
      {
        cols: state.cols,
        thumbSize: state.thumb_size,
        pageSize: 64,
        selected: decided,
        empty: "no likely label errors",
        onAction: (index, action) => this.act(index, action),
      },
    );
    return el("div", { className: "tslab-ml-label-issues" }, [
      titleElement(state.title),
      el("div", {
        className: "tslab-ml-decisions",
        text: labelDecisionsLine(state),
        style: "font:12px sans-serif;color:#444",
      }),
      this.grid.element,
    ]);
  }

  protected override cleanup(): void {
    this.grid?.dispose();
    this.grid = undefined;
  }

  private act(index: number, action: string): void {
    const state = this.state();
    const item = state.items.find((i) => i.index === index);
    if (item) this.save(applyLabelAction(state, item, action));
  }
}
