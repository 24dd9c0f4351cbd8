import { escapeHtml, tag, text } from "../render/html";

/** A widget's title line (both renderers). */
export function titleHtml(title: string): string {
  return text("div", { class: "tslab-ml-title", style: "font:bold 13px sans-serif;margin:4px 0" }, title);
}

/** A section heading inside a widget. */
export function headingHtml(heading: string): string {
  return text(
    "div",
    { class: "tslab-ml-heading", style: "font:bold 12px sans-serif;margin-top:6px" },
    heading,
  );
}

/** A bulleted list of sentences; `empty` is said when there are none. */
export function listHtml(items: readonly string[], empty: string): string {
  if (items.length === 0)
    return text("div", { class: "tslab-ml-empty", style: "font:12px sans-serif;color:#666" }, empty);
  return tag(
    "ul",
    { style: "margin:2px 0;font:12px sans-serif" },
    items.map((i) => `<li>${escapeHtml(i)}</li>`).join(""),
  );
}

/** A horizontal bar for a share in [0, 1] of `width` px at full scale. */
export function barHtml(fraction: number, width = 60): string {
  const px = Math.max(0, Math.min(width, Math.round(width * fraction)));
  return `<span style="display:inline-block;height:8px;width:${px}px;background:#2a7ae2;margin-right:6px;vertical-align:middle"></span>`;
}
