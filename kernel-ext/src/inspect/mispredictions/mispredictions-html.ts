import type { MispredictionsState } from "tslab-ml-widgets/dist/protocol/mispredictions";
import { escapeHtml, pngDataUri } from "../../display/html";

const CELL = "padding:2px 5px;border:1px solid #e3e3e3;text-align:right;font:11px sans-serif";

function pct(v: number | null): string {
  return v === null ? "–" : `${(100 * v).toFixed(1)}%`;
}

/** Confusion matrix as a table: rows actual, columns predicted, shaded by each row's share. */
function matrixHtml(state: MispredictionsState): string {
  const names = state.class_names.map(escapeHtml);
  const head = names
    .map((n) => `<th style="${CELL};text-align:center;max-width:70px;overflow:hidden">${n}</th>`)
    .join("");
  const rows = state.confusion
    .map((row, a) => {
      const total = row.reduce((s, v) => s + v, 0);
      const cells = row
        .map((v, p) => {
          const share = total > 0 ? v / total : 0;
          const hue = a === p ? "42,122,226" : "214,69,65";
          const bg = v > 0 ? `background:rgba(${hue},${(0.1 + 0.8 * share).toFixed(2)})` : "";
          return `<td style="${CELL};${bg}" title="actual ${names[a]}, predicted ${names[p]}">${v}</td>`;
        })
        .join("");
      return `<tr><th style="${CELL};text-align:left">${names[a]}</th>${cells}<td style="${CELL};font-weight:bold">${pct(state.per_class_accuracy[a] ?? null)}</td></tr>`;
    })
    .join("");
  return (
    `<table style="border-collapse:collapse;margin:4px 0"><thead><tr><th style="${CELL};text-align:left">actual ＼ predicted</th>` +
    `${head}<th style="${CELL}">accuracy</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

function galleryHtml(state: MispredictionsState): string {
  const size = state.thumb_size;
  const names = state.class_names;
  const figures = state.gallery_items
    .map((item, k) => {
      const png = state.gallery_thumbs[k];
      const img = png
        ? `<img src="${pngDataUri(png)}" width="${size}" height="${size}" alt="image ${item.index}" ` +
          `style="image-rendering:pixelated;object-fit:contain;border:1px solid #ddd">`
        : "";
      const actual = escapeHtml(names[item.actual] ?? String(item.actual));
      const predicted = escapeHtml(names[item.predicted] ?? String(item.predicted));
      return (
        `<figure style="margin:0;width:${Math.max(size, 96)}px;font:10px sans-serif;color:#333">${img}<figcaption>` +
        `#${item.index}<br>actual <b>${actual}</b><br>predicted <b style="color:#b03030">${predicted}</b><br>` +
        `loss ${item.loss.toFixed(2)}, p(actual) ${item.prob_actual.toFixed(3)}</figcaption></figure>`
      );
    })
    .join("");
  const filter = state.filter
    ? `actual ${escapeHtml(names[state.filter.actual] ?? "")} predicted ${escapeHtml(names[state.filter.predicted] ?? "")}`
    : "all mispredictions";
  const more =
    state.gallery_total > state.gallery_items.length
      ? ` (first ${state.gallery_items.length} of ${state.gallery_total.toLocaleString("en-US")}; the live widget pages through the rest)`
      : "";
  return (
    `<div style="font:bold 12px sans-serif;margin:8px 0 4px">Highest losses: ${filter}${more}</div>` +
    `<div style="display:flex;flex-wrap:wrap;gap:6px">${figures || "<i>none</i>"}</div>`
  );
}

/** The widget as one self-contained HTML block: matrix, most-confused pairs, first gallery page. */
export function mispredictionsHtml(state: MispredictionsState): string {
  const names = state.class_names;
  const pairs = state.most_confused
    .map(
      (p) =>
        `<li>${escapeHtml(names[p.actual] ?? "")} → ${escapeHtml(names[p.predicted] ?? "")}: ${p.count}</li>`,
    )
    .join("");
  return (
    `<div class="tslab-ml-mispredictions" style="font:12px sans-serif">` +
    `<div style="font-weight:bold;font-size:13px">${escapeHtml(state.title)}</div>` +
    `<div>accuracy ${pct(state.accuracy)} on ${state.total.toLocaleString("en-US")} images</div>` +
    `<div style="display:flex;gap:24px;flex-wrap:wrap;align-items:flex-start">${matrixHtml(state)}` +
    `<div><div style="font-weight:bold;margin-top:4px">Most confused (actual → predicted)</div><ol style="margin:4px 0;padding-left:20px">${pairs || "<li>none</li>"}</ol></div></div>` +
    `${galleryHtml(state)}</div>`
  );
}
