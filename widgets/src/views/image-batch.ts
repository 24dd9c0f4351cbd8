import { DOMWidgetModel, DOMWidgetView, type ISerializers } from "@jupyter-widgets/base";
import { MODULE_NAME, MODULE_VERSION_RANGE } from "../version";
import { WIDGET_CLASSES } from "../protocol/common";

type Binary = DataView | ArrayBuffer | Uint8Array;

function toBlobPart(b: Binary): ArrayBuffer {
  if (b instanceof ArrayBuffer) return b;
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

export class ImageBatchModel extends DOMWidgetModel {
  static override serializers: ISerializers = { ...DOMWidgetModel.serializers };

  override defaults(): Backbone.ObjectHash {
    return {
      ...super.defaults(),
      _model_name: WIDGET_CLASSES.imageBatch.model,
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION_RANGE,
      _view_name: WIDGET_CLASSES.imageBatch.view,
      _view_module: MODULE_NAME,
      _view_module_version: MODULE_VERSION_RANGE,
      title: "",
      images: [],
      captions: [],
      cols: 8,
      thumb_size: 84,
      selected: [],
    };
  }
}

/**
 * A grid of thumbnails decoded from PNG buffers; a click toggles an image in `selected`, which syncs to
 * the kernel. Object URLs are revoked on re-render and removal so long sessions do not leak memory.
 */
export class ImageBatchView extends DOMWidgetView {
  private urls: string[] = [];

  override render(): void {
    this.el.classList.add("tslab-ml-image-batch");
    this.listenTo(this.model, "change", () => this.draw());
    this.draw();
  }

  override remove(): this {
    this.revoke();
    return super.remove();
  }

  private revoke(): void {
    for (const url of this.urls) URL.revokeObjectURL(url);
    this.urls = [];
  }

  private draw(): void {
    this.revoke();
    const images = (this.model.get("images") ?? []) as Binary[];
    const captions = (this.model.get("captions") ?? []) as string[];
    const selected = new Set((this.model.get("selected") ?? []) as number[]);
    const size = Number(this.model.get("thumb_size")) || 84;
    const cols = Number(this.model.get("cols")) || 8;

    const title = document.createElement("div");
    title.className = "tslab-ml-title";
    title.textContent = String(this.model.get("title") ?? "");
    title.style.cssText = "font:bold 13px sans-serif;margin:4px 0";

    const grid = document.createElement("div");
    grid.style.cssText = `display:grid;grid-template-columns:repeat(${cols},${size}px);gap:6px`;
    images.forEach((png, i) => {
      const url = URL.createObjectURL(new Blob([toBlobPart(png)], { type: "image/png" }));
      this.urls.push(url);
      const figure = document.createElement("figure");
      figure.style.cssText = "margin:0;text-align:center;cursor:pointer";
      figure.dataset.index = String(i);
      const img = document.createElement("img");
      img.src = url;
      img.width = size;
      img.height = size;
      img.alt = `image ${i}`;
      img.style.cssText = `image-rendering:pixelated;object-fit:contain;border:2px solid ${selected.has(i) ? "#e8710a" : "#ddd"}`;
      const caption = document.createElement("figcaption");
      caption.textContent = captions[i] ?? "";
      caption.style.cssText = `font:11px sans-serif;max-width:${size}px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap`;
      figure.append(img, caption);
      figure.addEventListener("click", () => this.toggle(i));
      grid.append(figure);
    });
    this.el.replaceChildren(title, grid);
  }

  private toggle(index: number): void {
    const selected = new Set((this.model.get("selected") ?? []) as number[]);
    if (selected.has(index)) selected.delete(index);
    else selected.add(index);
    this.model.set(
      "selected",
      [...selected].sort((a, b) => a - b),
    );
    this.model.save_changes();
  }
}
