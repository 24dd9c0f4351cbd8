import type { GalleryItem, GalleryPageReply, ThumbAction } from "tslab-ml-protocol";
import type { Binary } from "./dom";
import { ImageGrid, type GridImage } from "./image-grid";

/** What a lazy gallery needs from its widget model: send a custom message, hear replies. */
export interface GalleryChannel {
  send(content: { method: "page"; gallery: string; page: number }): void;
  onReply(handler: (reply: GalleryPageReply, buffers: Binary[]) => void): void;
}

export interface LazyGalleryOptions<T extends GalleryItem> {
  gallery: string;
  total: number;
  pageSize: number;
  cols: number;
  thumbSize: number;
  selected?: ReadonlySet<number>;
  onClick?: (index: number) => void;
  detail?: (item: T) => string | undefined;
  /** Buttons under each item's caption, and what a click on one does. */
  actions?: (item: T) => readonly ThumbAction[];
  onAction?: (index: number, action: string) => void;
  /** Said in words when the gallery is empty. */
  empty?: string;
}

/**
 * A gallery whose first page comes with the state and whose other pages the kernel sends on request,
 * so thousands of images never travel at once.
 */
export class LazyGallery<T extends GalleryItem> {
  private readonly grid: ImageGrid;
  private page = 0;

  constructor(
    firstItems: T[],
    firstThumbs: Binary[],
    channel: GalleryChannel,
    private readonly options: LazyGalleryOptions<T>,
  ) {
    this.grid = new ImageGrid(this.images(firstItems, firstThumbs), {
      cols: options.cols,
      thumbSize: options.thumbSize,
      pageSize: options.pageSize,
      total: options.total,
      selected: options.selected,
      empty: options.empty,
      onClick: (index) => options.onClick?.(index),
      onAction: (index, action) => options.onAction?.(index, action),
      onPage: (page) => channel.send({ method: "page", gallery: options.gallery, page }),
    });
    channel.onReply((reply, buffers) => {
      if (reply.gallery !== options.gallery || reply.error) return;
      this.page = reply.page;
      // Page replies carry the same item type as the first page (the kernel builds both).
      this.grid.setImages(this.images(reply.items as T[], buffers), this.page);
    });
  }

  get element(): HTMLElement {
    return this.grid.element;
  }

  dispose(): void {
    this.grid.dispose();
  }

  private images(items: T[], thumbs: Binary[]): GridImage[] {
    return items.map((item, i) => ({
      png: thumbs[i] ?? new Uint8Array(0),
      caption: item.caption,
      detail: this.options.detail?.(item),
      actions: this.options.actions?.(item),
      index: item.index,
    }));
  }
}
