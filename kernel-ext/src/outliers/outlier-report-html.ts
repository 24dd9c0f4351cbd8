import type { OutlierReportState } from "tslab-ml-widgets/dist/protocol/outlier-report";
import { escapeHtml, pngDataUri } from "../display/html";

/** The report as one self-contained HTML block: a summary table, then each kind's first page of thumbnails. */
export function outlierReportHtml(state: OutlierReportState): string {
  const excluded = new Set(state.excluded);
  const size = state.thumb_size;
  const cell = "padding:2px 8px;border-bottom:1px solid #eee;text-align:left";
  const summary = state.tabs
    .map(
      (t) =>
        `<tr><td style="${cell}"><b>${escapeHtml(t.kind)}</b></td><td style="${cell};text-align:right">${t.count}</td><td style="${cell};color:#555">${escapeHtml(t.description)}</td></tr>`,
    )
    .join("");
  const skipped = state.skipped_checks
    .map(
      (s) =>
        `<tr><td style="${cell}"><b>${escapeHtml(s.kind)}</b></td><td style="${cell};text-align:right">–</td><td style="${cell};color:#999">not checked: ${escapeHtml(s.reason)}</td></tr>`,
    )
    .join("");
  const sections = state.tabs
    .filter((t) => t.count > 0)
    .map((t) => {
      const figures = t.items
        .map((item, k) => {
          const png = t.thumbs[k];
          const img = png
            ? `<img src="${pngDataUri(png)}" width="${size}" height="${size}" alt="image ${item.index}" style="image-rendering:pixelated;object-fit:contain;border:1px solid #ddd">`
            : "";
          const faded = excluded.has(item.index) ? "opacity:0.35;" : "";
          return `<figure style="margin:0;${faded}font:10px sans-serif;color:#333;width:${Math.max(size, 72)}px">${img}<figcaption>${escapeHtml(item.caption)}</figcaption></figure>`;
        })
        .join("");
      const more =
        t.count > t.items.length ? ` (first ${t.items.length} of ${t.count}, highest score first)` : "";
      return (
        `<div style="font:bold 12px sans-serif;margin:10px 0 4px">${escapeHtml(t.kind)}${more}</div>` +
        `<div style="display:flex;flex-wrap:wrap;gap:6px">${figures}</div>`
      );
    })
    .join("");
  return (
    `<div class="tslab-ml-outlier-report" style="font:12px sans-serif">` +
    `<div style="font-weight:bold;font-size:13px;margin:4px 0">${escapeHtml(state.title)}</div>` +
    `<table style="border-collapse:collapse">${summary}${skipped}</table>` +
    (state.excluded.length
      ? `<div style="margin-top:4px">${state.excluded.length} images excluded (faded)</div>`
      : "") +
    `${sections}</div>`
  );
}
