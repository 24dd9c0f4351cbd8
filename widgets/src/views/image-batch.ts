import { ImageGrid } from "../components/image-grid";
import { el, type Binary } from "../components/dom";
import { WIDGET_CLASSES } from "../protocol/common";
import { modelClass, TslabMlView } from "./base-view";
import type { Expect } from "./validate";

export const ImageBatchModel = modelClass(WIDGET_CLASSES.imageBatch, {
  title: "",
  images: [],
  captions: [],
  cols: 8,
  thumb_size: 84,
  selected: [],
});

/** `showBatch`: a paged grid of thumbnails; a click toggles an image in `selected` (synced to the kernel). */
export class ImageBatchView extends TslabMlView {
  protected readonly stateSpec: Record<string, Expect> = {
    title: "string",
    images: "binary[]",
    captions: "string[]",
    cols: "number",
    thumb_size: "number",
    selected: "number[]",
  };
  private grid: ImageGrid | undefined;

  protected draw(): HTMLElement {
    const images = this.model.get("images") as Binary[];
    const captions = this.model.get("captions") as string[];
    const selected = new Set(this.model.get("selected") as number[]);
    this.grid = new ImageGrid(
      images.map((png, index) => ({ png, caption: captions[index] ?? "", index })),
      {
        cols: this.model.get("cols") as number,
        thumbSize: this.model.get("thumb_size") as number,
        pageSize: 256,
        selected,
        onClick: (index) => this.toggle(index),
      },
    );
    const count = selected.size > 0 ? ` — ${selected.size} selected` : "";
    return el("div", { className: "tslab-ml-image-batch" }, [
      el("div", {
        className: "tslab-ml-title",
        text: String(this.model.get("title")) + count,
        style: "font:bold 13px sans-serif;margin:4px 0",
      }),
      this.grid.element,
    ]);
  }

  protected override cleanup(): void {
    this.grid?.dispose();
    this.grid = undefined;
  }

  private toggle(index: number): void {
    const selected = new Set(this.model.get("selected") as number[]);
    if (selected.has(index)) selected.delete(index);
    else selected.add(index);
    this.model.set(
      "selected",
      [...selected].sort((a, b) => a - b),
    );
    this.model.save_changes();
  }
}
