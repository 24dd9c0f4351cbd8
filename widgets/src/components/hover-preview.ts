import { el } from "./dom";

/** How long the pointer rests on a thumbnail before its preview shows (ms): sweeping across shows none. */
const DELAY_MS = 250;
/** How long an inline preview outlives the pointer leaving its row (ms): crossing a gap keeps it. */
const LINGER_MS = 150;
/** The preview's image size: this many times the thumbnail, within these bounds (px). */
const SCALE = 2.5;
const MIN_SIZE = 128;
const MAX_SIZE = 320;
/** A preview shrunk to fit free room is still worth showing at this many times the thumbnail. */
const MIN_SCALE = 1.5;
/** Space between the preview and what it stands beside (px). */
const GAP = 8;

export interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

export type Placement =
  /** Floating in the window, clear of the grid, the picture `side` px. */
  | { kind: "float"; left: number; top: number; side: number }
  /** No free room in the window: inside the grid, under the hovered row (the rows below move down). */
  | { kind: "inline" };

/**
 * Where the preview goes so that it covers no thumbnail: in the free room of the window beside the grid
 * (right, left) or under or over it, at full size where there is room for it, else shrunk to the roomiest
 * place if that keeps it at least `minSide` px; with no such room, inline under the hovered row. `chrome`
 * is what the box adds around its picture (padding, border, caption).
 */
export function previewPlacement(
  thumb: Box,
  grid: Box,
  preferredSide: number,
  minSide: number,
  chrome: { width: number; height: number },
  viewport: { width: number; height: number },
): Placement {
  const regions: Box[] = [
    { left: grid.right + GAP, top: GAP, right: viewport.width - GAP, bottom: viewport.height - GAP },
    { left: GAP, top: GAP, right: grid.left - GAP, bottom: viewport.height - GAP },
    { left: GAP, top: grid.bottom + GAP, right: viewport.width - GAP, bottom: viewport.height - GAP },
    { left: GAP, top: GAP, right: viewport.width - GAP, bottom: grid.top - GAP },
  ];
  const sideIn = (r: Box): number =>
    Math.floor(Math.min(preferredSide, r.right - r.left - chrome.width, r.bottom - r.top - chrome.height));
  let best: { region: Box; side: number; index: number } | undefined;
  regions.forEach((region, index) => {
    const side = sideIn(region);
    if (side >= minSide && (!best || side > best.side)) best = { region, side, index };
  });
  if (!best) return { kind: "inline" };
  const { region, side, index } = best;
  const width = side + chrome.width;
  const height = side + chrome.height;
  const clamp = (v: number, lo: number, hi: number): number => Math.max(lo, Math.min(v, hi));
  // Beside the grid: level with the thumbnail. Under or over it: centred on the thumbnail's column.
  if (index < 2)
    return {
      kind: "float",
      left: index === 0 ? region.left : region.right - width,
      top: clamp(thumb.top, region.top, region.bottom - height),
      side,
    };
  return {
    kind: "float",
    left: clamp((thumb.left + thumb.right - width) / 2, region.left, region.right - width),
    top: index === 2 ? region.top : region.bottom - height,
    side,
  };
}

/**
 * A larger view of the thumbnail under the pointer that covers no other thumbnail: a floating box in free
 * room of the window (it takes no clicks, the output area cannot clip it), or, when the window has none, a
 * panel inside the grid under the hovered row, which stays while the pointer moves along that row.
 */
export class HoverPreview {
  private box: HTMLElement | undefined;
  /** The figure an inline box follows (the last of the hovered row). */
  private anchor: Element | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lingering: ReturnType<typeof setTimeout> | undefined;
  private readonly hide = (): void => this.close();

  constructor(private readonly thumbSize: number) {}

  /** Shows `img`'s picture and caption after a short rest (at once along an open inline row). */
  schedule(img: HTMLImageElement, caption: string, grid: HTMLElement): void {
    if (this.lingering !== undefined) clearTimeout(this.lingering);
    this.lingering = undefined;
    const row = lastOfRow(img, grid);
    if (this.box && this.anchor && row === this.anchor) {
      this.fill(this.box, img, caption, this.side());
      this.place(img, grid);
      return;
    }
    this.close();
    this.timer = setTimeout(() => this.open(img, caption, grid), DELAY_MS);
  }

  /** The pointer left a thumbnail: a floating box goes at once, an inline one after a moment. */
  leave(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.anchor) return this.close();
    if (this.lingering === undefined) this.lingering = setTimeout(() => this.close(), LINGER_MS);
  }

  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.lingering !== undefined) clearTimeout(this.lingering);
    this.timer = undefined;
    this.lingering = undefined;
    this.box?.remove();
    this.box = undefined;
    this.anchor = undefined;
    window.removeEventListener("scroll", this.hide, true);
  }

  /** The picture's full size (px). */
  private side(): number {
    return Math.round(Math.min(MAX_SIZE, Math.max(MIN_SIZE, this.thumbSize * SCALE)));
  }

  private fill(box: HTMLElement, img: HTMLImageElement, caption: string, side: number): void {
    box.replaceChildren(
      el("img", {
        attrs: { src: img.src, alt: caption, width: String(side), height: String(side) },
        style: `display:block;image-rendering:pixelated;object-fit:contain;width:${side}px;height:${side}px`,
      }),
      el("div", {
        text: caption,
        style: "font:11px sans-serif;margin-top:2px;overflow-wrap:anywhere;text-align:center",
      }),
    );
    box.style.maxWidth = `${side + 10}px`;
  }

  private open(img: HTMLImageElement, caption: string, grid: HTMLElement): void {
    this.timer = undefined;
    if (!img.isConnected) return;
    const box = el("div", {
      className: "tslab-ml-hover-preview",
      style:
        "position:fixed;z-index:10000;pointer-events:none;background:var(--jp-layout-color0,#fff);" +
        "border:1px solid #bbb;border-radius:3px;box-shadow:0 2px 10px rgba(0,0,0,.3);padding:4px",
    });
    this.fill(box, img, caption, this.side());
    document.body.append(box);
    this.box = box;
    this.place(img, grid);
  }

  /** Puts the open box where it covers no thumbnail (see previewPlacement). */
  private place(img: HTMLImageElement, grid: HTMLElement): void {
    const box = this.box;
    if (!box) return;
    const picture = box.querySelector("img") as HTMLImageElement;
    const side = picture.width;
    const thumb = img.getBoundingClientRect();
    // Measured floating at full size: what padding, border and caption add.
    box.classList.remove("tslab-ml-hover-inline");
    box.style.position = "fixed";
    box.style.gridColumn = "";
    box.style.marginLeft = "";
    if (box.parentElement !== document.body) document.body.append(box);
    const chrome = { width: box.offsetWidth - side, height: box.offsetHeight - side };
    const placement = previewPlacement(
      thumb,
      grid.getBoundingClientRect(),
      side,
      Math.max(MIN_SIZE / 2, Math.ceil(thumb.width * MIN_SCALE)),
      chrome,
      { width: window.innerWidth, height: window.innerHeight },
    );
    if (placement.kind === "float") {
      this.anchor = undefined;
      if (placement.side !== side) this.fill(box, picture, picture.alt, placement.side);
      box.style.left = `${placement.left}px`;
      box.style.top = `${placement.top}px`;
      // A shrunk box's caption may take another line: over the grid, it grows upwards, never onto it.
      const gridTop = grid.getBoundingClientRect().top;
      const bottom = box.getBoundingClientRect().bottom;
      if (placement.top < gridTop && bottom > gridTop - GAP)
        box.style.top = `${Math.max(0, placement.top - (bottom - gridTop + GAP))}px`;
      // Fixed boxes do not follow the page: a scroll would leave it beside the wrong thumbnail.
      window.addEventListener("scroll", this.hide, true);
      return;
    }
    // Inside the grid, across all its columns, under the hovered row and below the thumbnail.
    window.removeEventListener("scroll", this.hide, true);
    const last = lastOfRow(img, grid);
    this.anchor = last;
    box.classList.add("tslab-ml-hover-inline");
    box.style.position = "static";
    box.style.left = box.style.top = "";
    box.style.gridColumn = "1 / -1";
    box.style.justifySelf = "start";
    const gridBox = grid.getBoundingClientRect();
    const width = side + chrome.width;
    const left = Math.max(
      0,
      Math.min((thumb.left + thumb.right - width) / 2, gridBox.right - width) - gridBox.left,
    );
    box.style.marginLeft = `${Math.round(left)}px`;
    last.after(box);
  }
}

/** The last thumbnail (figure) of the row `img` is in. */
function lastOfRow(img: HTMLImageElement, grid: HTMLElement): Element {
  const figure = img.closest("figure") ?? img;
  let last: Element = figure;
  const top = (figure as HTMLElement).offsetTop;
  for (let next = figure.nextElementSibling; next; next = next.nextElementSibling) {
    if (next.tagName !== "FIGURE" || (next as HTMLElement).offsetTop !== top) break;
    last = next;
  }
  return grid.contains(last) ? last : figure;
}
