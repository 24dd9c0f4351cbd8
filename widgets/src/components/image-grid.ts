import { thumbGridStyle, thumbHtml, type ThumbAction } from "tslab-ml-protocol";
import { el, imageSource, type Binary } from "./dom";
import { HoverPreview } from "./hover-preview";
import { ensureStyles } from "./styles";

export interface GridImage {
  png: Binary;
  caption: string;
  /** Extra line under the caption (e.g. loss, probability). */
  detail?: string;
  /** Index reported to click handlers. */
  index: number;
  /** Buttons under the caption; a click on one calls `onAction` (not `onClick`). */
  actions?: readonly ThumbAction[];
}

export interface ImageGridOptions {
  cols: number;
  thumbSize: number;
  /** Images per page (default: all). */
  pageSize?: number;
  selected?: ReadonlySet<number>;
  onClick?: (index: number, event: MouseEvent) => void;
  /** A button of an image's `actions` was clicked. */
  onAction?: (index: number, action: string) => void;
  /** Total image count when pages come lazily from the kernel (default: images.length). */
  total?: number;
  /** Called when the user asks for a page not in `images` (lazy paging). */
  onPage?: (page: number) => void;
  page?: number;
  /** Said in words when there are no images. */
  empty?: string;
}

/**
 * Thumbnails with captions, paging, a larger preview clear of the others while the pointer rests on one, and a
 * full-size overlay on double-click. Owns its object URLs: `dispose()` revokes them.
 */
export class ImageGrid {
  readonly element = el("div", { className: "tslab-ml-grid" });
  private revokers: (() => void)[] = [];
  private page: number;
  private readonly preview: HoverPreview;

  constructor(
    private images: GridImage[],
    private readonly options: ImageGridOptions,
  ) {
    this.page = options.page ?? 0;
    this.preview = new HoverPreview(options.thumbSize);
    this.render();
  }

  /** Replaces the images (e.g. a page arrived from the kernel). */
  setImages(images: GridImage[], page = this.page): void {
    this.images = images;
    this.page = page;
    this.render();
  }

  dispose(): void {
    this.preview.close();
    for (const revoke of this.revokers) revoke();
    this.revokers = [];
  }

  private get lazy(): boolean {
    return this.options.onPage !== undefined;
  }

  private render(): void {
    this.dispose();
    const { cols, thumbSize: size, selected } = this.options;
    const pageSize = this.options.pageSize ?? Math.max(1, this.images.length);
    const total = this.options.total ?? this.images.length;
    const pages = Math.max(1, Math.ceil(total / pageSize));
    const shown = this.lazy
      ? this.images
      : this.images.slice(this.page * pageSize, (this.page + 1) * pageSize);

    // One stylesheet, one delegated listener per grid, and the cells written as one HTML string by the
    // renderer the static fallback uses too (captions escaped): hundreds of thumbnails render in one layout
    // pass instead of a style recalc per element. At most `cols` columns, fewer (wrapping) when narrower.
    ensureStyles();
    const grid = el("div", { className: "tslab-ml-grid-cells", style: thumbGridStyle(cols, size) });
    const bySlot: GridImage[] = [];
    const cells: string[] = [];
    for (const image of shown) {
      const { src, revoke } = imageSource(image.png, "image/png");
      if (revoke) this.revokers.push(revoke);
      cells.push(
        thumbHtml(
          {
            src,
            caption: image.caption,
            detail: image.detail,
            index: image.index,
            selected: selected?.has(image.index) ?? false,
            actions: image.actions,
          },
          size,
          bySlot.length,
        ),
      );
      bySlot.push(image);
    }
    grid.innerHTML = cells.join("");
    const slotOf = (event: Event): GridImage | undefined => {
      const figure = (event.target as Element | null)?.closest?.("figure[data-slot]");
      return figure ? bySlot[Number(figure.getAttribute("data-slot"))] : undefined;
    };
    grid.addEventListener("click", (event) => {
      // A click that opens an item's menu is no click on the image; its pick arrives as "change".
      if ((event.target as Element | null)?.closest?.("select")) return;
      const image = slotOf(event);
      const button = (event.target as Element | null)?.closest?.("button[data-action]");
      if (image && button) this.options.onAction?.(image.index, button.getAttribute("data-action") ?? "");
      else if (image) this.options.onClick?.(image.index, event);
    });
    grid.addEventListener("change", (event) => {
      const image = slotOf(event);
      const menu = (event.target as Element | null)?.closest?.("select[data-action]");
      if (image && menu instanceof HTMLSelectElement && menu.value !== "")
        this.options.onAction?.(image.index, `${menu.getAttribute("data-action") ?? ""}:${menu.value}`);
    });
    grid.addEventListener("mouseover", (event) => {
      const img = (event.target as Element | null)?.closest?.("img");
      const image = slotOf(event);
      if (img instanceof HTMLImageElement && image) this.preview.schedule(img, image.caption, grid);
    });
    grid.addEventListener("mouseout", (event) => {
      if ((event.target as Element | null)?.closest?.("img")) this.preview.leave();
    });
    grid.addEventListener("mousedown", () => this.preview.close());
    grid.addEventListener("dblclick", (event) => {
      const image = slotOf(event);
      const img = (event.target as Element).closest("figure")?.querySelector("img");
      if ((event.target as Element).closest("button, select")) return;
      if (image && img) this.zoom(img.src, image.caption);
    });
    const children: HTMLElement[] =
      total === 0
        ? [el("div", { className: "tslab-ml-empty", text: this.options.empty ?? "no images" })]
        : [grid];
    if (pages > 1) children.push(this.pager(pages));
    this.element.replaceChildren(...children);
  }

  private pager(pages: number): HTMLElement {
    const go = (page: number): void => {
      if (page < 0 || page >= pages) return;
      if (this.lazy) this.options.onPage?.(page);
      else {
        this.page = page;
        this.render();
      }
    };
    const prev = el("button", { text: "‹ prev", className: "tslab-ml-prev" });
    const next = el("button", { text: "next ›", className: "tslab-ml-next" });
    prev.disabled = this.page === 0;
    next.disabled = this.page >= pages - 1;
    prev.addEventListener("click", () => go(this.page - 1));
    next.addEventListener("click", () => go(this.page + 1));
    return el("div", { style: "display:flex;gap:8px;align-items:center;font:12px sans-serif" }, [
      prev,
      el("span", { text: `page ${this.page + 1} of ${pages}`, className: "tslab-ml-page" }),
      next,
    ]);
  }

  private zoom(url: string, caption: string): void {
    const overlay = el(
      "div",
      {
        className: "tslab-ml-zoom",
        style:
          "position:fixed;inset:0;background:rgba(0,0,0,.7);display:flex;flex-direction:column;align-items:center;" +
          "justify-content:center;z-index:10000;cursor:zoom-out",
      },
      [
        el("img", {
          attrs: { src: url },
          style: "image-rendering:pixelated;width:min(70vw,70vh);height:auto;background:#fff",
        }),
        el("div", { text: caption, style: "color:#fff;font:14px sans-serif;margin-top:8px" }),
      ],
    );
    overlay.addEventListener("click", () => overlay.remove());
    document.body.append(overlay);
  }
}
