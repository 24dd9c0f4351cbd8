import { thumbGridHtml, titleHtml, WIDGETS, type ImageBatchState } from "tslab-ml-protocol";
import { pngDataUri } from "../display/html";
import { encodePng } from "../display/png";
import { Widget } from "../display/widget";
import type { PixelGrid } from "./pixels";

export type SelectionHandler = (selected: number[]) => void;

/**
 * A grid of labelled images. Clicking a thumbnail in the live view selects it; `selected` reads the
 * selection back in the kernel.
 */
export class ImageBatch extends Widget<typeof WIDGETS.imageBatch> {
  private readonly selectionHandlers: SelectionHandler[] = [];

  constructor(
    private readonly grid: PixelGrid,
    options: { title: string; captions: string[]; cols: number; thumbSize: number },
  ) {
    super(WIDGETS.imageBatch, {
      title: options.title,
      images: grid.images.map((img) => encodePng(img, grid.width, grid.height, grid.channels)),
      captions: options.captions,
      cols: options.cols,
      thumb_size: options.thumbSize,
      selected: [],
    });
  }

  get length(): number {
    return this.grid.images.length;
  }

  /** Indices (into this batch) the user selected in the view. */
  get selected(): number[] {
    return [...this.state.selected];
  }

  set selected(indices: number[]) {
    this.setState({ selected: [...indices] });
  }

  /** Called whenever the selection changes in the frontend. */
  onSelect(handler: SelectionHandler): void {
    this.selectionHandlers.push(handler);
  }

  protected override onFrontendChange(changed: Partial<ImageBatchState>): void {
    if (changed.selected) for (const handler of this.selectionHandlers) handler(this.selected);
  }

  protected override validateFrontendValue(key: string, value: unknown): string | undefined {
    if (key !== "selected") return undefined;
    const n = this.length;
    const ok = Array.isArray(value) && value.every((v) => Number.isInteger(v) && v >= 0 && v < n);
    return ok ? undefined : `must be a list of image indices in 0..${n - 1}`;
  }

  protected fallbackHtml(): string {
    const { cols, thumb_size: size, captions, images, title } = this.state;
    const thumbs = images.map((png, index) => ({
      src: pngDataUri(png),
      caption: captions[index] ?? "",
      index,
    }));
    return (
      `<div class="tslab-ml-image-batch">${titleHtml(title)}` +
      `${thumbGridHtml(thumbs, { cols, size, empty: "no images" })}</div>`
    );
  }

  /** A mosaic of the batch at an integer zoom, for viewers that show only images. */
  protected override fallbackPng(): Uint8Array {
    const { width, height, channels, images } = this.grid;
    const cols = Math.min(this.state.cols, images.length);
    const rows = Math.ceil(images.length / cols);
    // Integer zoom for small images, but the picture stays under ~1000 px wide: it is a fallback.
    const zoom = Math.max(
      1,
      Math.min(
        Math.floor(this.state.thumb_size / Math.max(width, height)),
        Math.floor(1000 / (cols * width)),
      ),
    );
    const gap = 2;
    const cellW = width * zoom + gap;
    const cellH = height * zoom + gap;
    const outW = cols * cellW - gap;
    const outH = rows * cellH - gap;
    const out = new Uint8Array(outW * outH * channels).fill(255);
    images.forEach((img, k) => {
      const ox = (k % cols) * cellW;
      const oy = Math.floor(k / cols) * cellH;
      for (let y = 0; y < height * zoom; y++) {
        const srcRow = Math.floor(y / zoom) * width;
        for (let x = 0; x < width * zoom; x++) {
          const src = (srcRow + Math.floor(x / zoom)) * channels;
          const dst = ((oy + y) * outW + ox + x) * channels;
          for (let c = 0; c < channels; c++) out[dst + c] = img[src + c] as number;
        }
      }
    });
    return encodePng(out, outW, outH, channels);
  }

  toString(): string {
    const { width, height, channels } = this.grid;
    return `${this.state.title}: ${this.length} images ${height}×${width}×${channels}`;
  }
}
