import { WIDGETS } from "tslab-ml-protocol";
import { ImageGrid } from "../components/image-grid";
import { el, titleElement } from "../components/dom";
import { TslabMlView } from "./base-view";

/** `showBatch`: a paged grid of thumbnails; a click toggles an image in `selected` (synced to the kernel). */
export class ImageBatchView extends TslabMlView<typeof WIDGETS.imageBatch> {
  protected readonly contract = WIDGETS.imageBatch;
  private grid: ImageGrid | undefined;

  protected draw(): HTMLElement {
    const captions = this.get("captions");
    const selected = new Set(this.get("selected"));
    this.grid = new ImageGrid(
      this.get("images").map((png, index) => ({ png, caption: captions[index] ?? "", index })),
      {
        cols: this.get("cols"),
        thumbSize: this.get("thumb_size"),
        pageSize: 256,
        selected,
        onClick: (index) => this.toggle(index),
      },
    );
    const count = selected.size > 0 ? ` — ${selected.size} selected` : "";
    return el("div", { className: "tslab-ml-image-batch" }, [
      titleElement(this.get("title") + count),
      this.grid.element,
    ]);
  }

  protected override cleanup(): void {
    this.grid?.dispose();
    this.grid = undefined;
  }

  private toggle(index: number): void {
    const selected = new Set(this.get("selected"));
    if (selected.has(index)) selected.delete(index);
    else selected.add(index);
    this.save({ selected: [...selected].sort((a, b) => a - b) });
  }
}
