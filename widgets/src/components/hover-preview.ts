import { el } from "./dom";

/** How long the pointer rests on a thumbnail before its preview shows (ms): sweeping across shows none. */
const DELAY_MS = 250;
/** The preview's image size: this many times the thumbnail, within these bounds (px). */
const SCALE = 2.5;
const MIN_SIZE = 128;
const MAX_SIZE = 320;
/** Space between the preview and what it stands beside (px). */
const GAP = 8;

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/**
 * Where the preview goes: beside the whole grid (right, else left) when the window has room there, so it
 * covers no thumbnail; otherwise beside the hovered thumbnail itself (it then covers neighbours for as long
 * as the pointer rests, never the hovered one). Vertically level with the thumbnail, kept in the window.
 */
export function previewPosition(
  thumb: Box,
  grid: Box,
  size: { width: number; height: number },
  viewport: { width: number; height: number },
): { left: number; top: number } {
  const fitsRight = (x: number): boolean => x + GAP + size.width <= viewport.width;
  const fitsLeft = (x: number): boolean => x - GAP - size.width >= 0;
  let left: number;
  if (fitsRight(grid.right)) left = grid.right + GAP;
  else if (fitsLeft(grid.left)) left = grid.left - GAP - size.width;
  else if (fitsRight(thumb.right)) left = thumb.right + GAP;
  else if (fitsLeft(thumb.left)) left = thumb.left - GAP - size.width;
  else left = Math.max(0, viewport.width - size.width);
  const top = Math.min(Math.max(0, thumb.top), Math.max(0, viewport.height - size.height));
  return { left, top };
}

/**
 * A larger view of the thumbnail under the pointer, in a floating box that takes no clicks (pointer-events
 * off): it never traps the pointer or hides a neighbour's buttons, and the output area cannot clip it.
 */
export class HoverPreview {
  private box: HTMLElement | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly hide = (): void => this.close();

  constructor(private readonly thumbSize: number) {}

  /** Shows `img`'s picture and caption after a short rest, beside `grid`. */
  schedule(img: HTMLImageElement, caption: string, grid: HTMLElement): void {
    this.close();
    this.timer = setTimeout(() => this.open(img, caption, grid), DELAY_MS);
  }

  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.box?.remove();
    this.box = undefined;
    window.removeEventListener("scroll", this.hide, true);
  }

  private open(img: HTMLImageElement, caption: string, grid: HTMLElement): void {
    this.timer = undefined;
    if (!img.isConnected) return;
    const side = Math.round(Math.min(MAX_SIZE, Math.max(MIN_SIZE, this.thumbSize * SCALE)));
    const box = el(
      "div",
      {
        className: "tslab-ml-hover-preview",
        style:
          "position:fixed;z-index:10000;pointer-events:none;background:var(--jp-layout-color0,#fff);" +
          `border:1px solid #bbb;border-radius:3px;box-shadow:0 2px 10px rgba(0,0,0,.3);padding:4px;max-width:${side + 10}px`,
      },
      [
        el("img", {
          attrs: { src: img.src, alt: caption, width: String(side), height: String(side) },
          style: `display:block;image-rendering:pixelated;object-fit:contain;width:${side}px;height:${side}px`,
        }),
        el("div", {
          text: caption,
          style: "font:11px sans-serif;margin-top:2px;overflow-wrap:anywhere;text-align:center",
        }),
      ],
    );
    document.body.append(box);
    const { left, top } = previewPosition(
      img.getBoundingClientRect(),
      grid.getBoundingClientRect(),
      { width: box.offsetWidth, height: box.offsetHeight },
      { width: window.innerWidth, height: window.innerHeight },
    );
    box.style.left = `${left}px`;
    box.style.top = `${top}px`;
    this.box = box;
    // Fixed boxes do not follow the page: a scroll would leave it beside the wrong thumbnail.
    window.addEventListener("scroll", this.hide, true);
  }
}
