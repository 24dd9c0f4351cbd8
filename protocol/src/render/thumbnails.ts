import { attrs, escapeHtml } from "./html";

/** A button under a thumbnail (accept a suggestion, exclude, explain); a click reports its `action`. */
export interface ThumbAction {
  action: string;
  label: string;
  /** Shown on hover: what the button does. */
  title?: string;
  /** The decision this button makes is the current one (drawn pressed). */
  pressed?: boolean;
  /**
   * A menu instead of a button: `label` is its empty first entry, picking entry i reports `action:i`
   * (e.g. "relabel:2"); `chosen` is the entry shown as picked.
   */
  choices?: readonly string[];
  chosen?: number;
}

function menuHtml(a: ThumbAction, choices: readonly string[]): string {
  const options = [
    `<option value="">${escapeHtml(a.label)}</option>`,
    ...choices.map(
      (name, i) => `<option${attrs({ value: i, selected: i === a.chosen })}>${escapeHtml(name)}</option>`,
    ),
  ];
  return `<select${attrs({
    class: "tslab-ml-action-menu",
    "data-action": a.action,
    title: a.title,
    "aria-label": a.title ?? a.label,
    style: "font:10px sans-serif;padding:0;margin:0;max-width:100%;min-width:0;cursor:pointer",
  })}>${options.join("")}</select>`;
}

/** One thumbnail: an image source (data URI or object URL), its caption and what a click refers to. */
export interface Thumb {
  src: string;
  caption: string;
  /** A second, smaller line under the caption (loss, score). */
  detail?: string;
  /** Dataset or batch index, reported to click handlers as data-index. */
  index: number;
  /** Marked (selected or excluded). */
  selected?: boolean;
  /** Buttons under the caption (live views only: a static page has no kernel to act). */
  actions?: readonly ThumbAction[];
}

function actionsHtml(actions: readonly ThumbAction[]): string {
  const buttons = actions.map((a) =>
    a.choices
      ? menuHtml(a, a.choices)
      : `<button${attrs({
          type: "button",
          class: `tslab-ml-action${a.pressed ? " pressed" : ""}`,
          "data-action": a.action,
          "aria-pressed": a.pressed ? "true" : "false",
          title: a.title,
          style:
            "font:10px sans-serif;padding:0 3px;margin:0;max-width:100%;overflow:hidden;text-overflow:ellipsis;" +
            `white-space:nowrap;cursor:pointer;border:1px solid #bbb;border-radius:3px;background:${a.pressed ? "#fde2c8" : "#fff"}`,
        })}>${escapeHtml(a.label)}</button>`,
  );
  return `<div class="tslab-ml-actions" style="display:flex;flex-wrap:wrap;gap:2px;justify-content:center;margin-top:1px">${buttons.join("")}</div>`;
}

/** A thumbnail's caption: up to two lines, wrapping anywhere (file names have no spaces), then cut. */
const CAPTION_STYLE =
  "font:11px/1.25 sans-serif;overflow:hidden;overflow-wrap:anywhere;" +
  "display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2";

/**
 * One figure; `slot` is its position in the drawn list (data-slot, for delegated listeners). Inline styles
 * make it stand alone (static pages have no stylesheet); the whole caption and detail show on hover.
 */
export function thumbHtml(thumb: Thumb, size: number, slot: number): string {
  const tooltip = [thumb.caption, thumb.detail].filter(Boolean).join("\n");
  return (
    `<figure${attrs({
      class: `tslab-ml-thumb${thumb.selected ? " selected" : ""}`,
      "data-index": thumb.index,
      "data-slot": slot,
      title: tooltip,
      style: "margin:0;text-align:center;min-width:0",
    })}>` +
    `<img${attrs({
      src: thumb.src,
      width: size,
      height: size,
      alt: thumb.caption || `image ${thumb.index}`,
      style:
        "image-rendering:pixelated;object-fit:contain;max-width:100%;height:auto;display:block;margin:0 auto;" +
        `border:2px solid ${thumb.selected ? "#e8710a" : "#ddd"};box-sizing:border-box`,
    })}>` +
    // Two lines before the cut: one line left "Sandal → An…" of "Sandal → Ankle boot".
    `<figcaption style="${CAPTION_STYLE}">${escapeHtml(thumb.caption)}</figcaption>` +
    (thumb.detail
      ? `<div class="tslab-ml-detail" style="font:10px sans-serif;color:#666;overflow-wrap:anywhere">${escapeHtml(thumb.detail)}</div>`
      : "") +
    (thumb.actions?.length ? actionsHtml(thumb.actions) : "") +
    `</figure>`
  );
}

/** The cells of a thumbnail grid (figures only: the container is the caller's, a grid of `size` columns). */
export function thumbCellsHtml(thumbs: readonly Thumb[], size: number): string {
  return thumbs.map((t, i) => thumbHtml(t, size, i)).join("");
}

/** Space between thumbnails, px. */
export const THUMB_GAP = 6;

/** The grid's inline style: at most `cols` columns of `size` px, fewer (wrapping) in a narrower area. */
export function thumbGridStyle(cols: number, size: number): string {
  const columns = Math.max(1, cols);
  return (
    `display:grid;gap:${THUMB_GAP}px;margin:4px 0;max-width:100%;` +
    `grid-template-columns:repeat(auto-fill,minmax(min(${size}px,100%),${size}px));` +
    `width:${columns * size + (columns - 1) * THUMB_GAP}px`
  );
}

/** A whole grid of thumbnails with inline styles, for pages without the live view's stylesheet. */
export function thumbGridHtml(
  thumbs: readonly Thumb[],
  options: { cols: number; size: number; empty: string },
): string {
  if (thumbs.length === 0)
    return `<div class="tslab-ml-empty" style="font:italic 12px sans-serif;color:#5f6368;margin:2px 0 6px">${escapeHtml(options.empty)}</div>`;
  return (
    `<div${attrs({ class: "tslab-ml-grid-cells", style: thumbGridStyle(options.cols, options.size) })}>` +
    thumbCellsHtml(thumbs, options.size) +
    `</div>`
  );
}
