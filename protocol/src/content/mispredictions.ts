import { count, pct } from "../format";
import { attrs, tag, text } from "../render/html";
import type { Cell, TableSpec } from "../render/table";
import { thumbGridHtml, type Thumb, type ThumbAction } from "../render/thumbnails";
import type { MispredictionsState, SaliencyPanel } from "../widgets/mispredictions";
import { headingHtml } from "./common";

const CELL = "padding:3px 6px;text-align:right;font:11px sans-serif";
/**
 * A column's class name, written bottom to top. JupyterLab's sanitiser (untrusted notebooks) drops
 * writing-mode and transform but keeps the rest: the name then lies flat, cut to a few letters with an
 * ellipsis (max-width, which a vertical label never reaches), so the columns stay as narrow as their
 * numbers; the full name is the header's title.
 */
const COLUMN_LABEL =
  "writing-mode:vertical-rl;transform:rotate(180deg);max-height:90px;max-width:3.2em;margin:0 auto;" +
  "overflow:hidden;text-overflow:ellipsis;white-space:nowrap";

/**
 * The confusion matrix, rows actual and columns predicted, with each class's accuracy at the right. One
 * shading rule: a cell's share of its row (what fraction of that class went there), green on the
 * diagonal, red off it, the reddest being the largest off-diagonal share. Cells carry data-actual and
 * data-predicted for the live view's click (it filters the gallery); the filtered cell is outlined.
 * `normalised`: each cell shows its share of the row (of the actual class) instead of the count.
 */
export function confusionMatrixHtml(state: MispredictionsState, normalised = false): string {
  const names = state.class_names;
  const rowTotals = state.confusion.map((row) => row.reduce((a, b) => a + b, 0));
  const share = (a: number, p: number): number =>
    rowTotals[a] ? (state.confusion[a]?.[p] ?? 0) / (rowTotals[a] as number) : 0;
  const maxOff = Math.max(
    1e-9,
    ...state.confusion.flatMap((row, a) => row.map((_, p) => (a === p ? 0 : share(a, p)))),
  );
  const name = (i: number): string => names[i] ?? String(i);
  const head =
    text("th", { style: `${CELL};font-weight:normal;color:#666;text-align:left` }, "actual ↓ / predicted →") +
    names
      .map((n) =>
        tag(
          "th",
          { title: n, style: `${CELL};font-weight:normal;vertical-align:bottom;text-align:center` },
          text("div", { style: COLUMN_LABEL }, n),
        ),
      )
      .join("") +
    text("th", { style: `${CELL};font-weight:normal` }, "accuracy");
  const rows = state.confusion
    .map((row, a) => {
      const cells = row
        .map((n, p) => {
          const diagonal = a === p;
          const s = share(a, p);
          const background =
            n === 0
              ? "#fff"
              : diagonal
                ? `rgba(24,128,56,${(0.08 + 0.4 * s).toFixed(3)})`
                : `rgba(217,48,37,${(0.1 + 0.7 * (s / maxOff)).toFixed(3)})`;
          const active = state.filter?.actual === a && state.filter?.predicted === p;
          return `<td${attrs({
            class: "tslab-ml-cell",
            "data-actual": a,
            "data-predicted": p,
            title: `${name(a)} predicted as ${name(p)}: ${count(n)} (${pct(s)} of ${name(a)})`,
            style: `${CELL};background:${background};border:${active ? "2px solid #e8710a" : "1px solid #eee"};cursor:${diagonal ? "default" : "pointer"}`,
          })}>${normalised ? (rowTotals[a] ? pct(s) : "—") : count(n)}</td>`;
        })
        .join("");
      return (
        `<tr>${text("th", { style: `${CELL};font-weight:normal;text-align:right;white-space:nowrap` }, name(a))}${cells}` +
        `${text("td", { class: "tslab-ml-accuracy", style: `${CELL};font-weight:bold` }, pct(state.per_class_accuracy[a] ?? null))}</tr>`
      );
    })
    .join("");
  return `<table class="tslab-ml-confusion" style="border-collapse:collapse;margin:4px 0"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>`;
}

/** The most confused pairs; rows keep actual and predicted for the live view's click. */
export function mostConfusedTable(state: MispredictionsState): TableSpec {
  const name = (i: number): string => state.class_names[i] ?? String(i);
  return {
    className: "tslab-ml-most-confused",
    columns: [
      { key: "pair", label: "actual → predicted" },
      { key: "count", label: "count" },
    ],
    rows: state.most_confused.map((p) => ({
      pair: `${name(p.actual)} → ${name(p.predicted)}`,
      count: p.count,
      actual: p.actual,
      predicted: p.predicted,
    })),
    empty: "no confusions: every image is predicted right",
  };
}

/**
 * Per class, from the confusion matrix: precision (of the images predicted as the class, the share that
 * are), recall (of the images of the class, the share found), F1 (their harmonic mean) and support (images
 * of the class). A class never predicted has no precision (—).
 */
export function perClassMetricsTable(state: MispredictionsState): TableSpec {
  const m = state.confusion;
  const rows = state.class_names.map((name, c) => {
    const truePositive = m[c]?.[c] ?? 0;
    const predicted = m.reduce((sum, row) => sum + (row[c] ?? 0), 0);
    const support = (m[c] ?? []).reduce((a, b) => a + b, 0);
    const precision = predicted > 0 ? truePositive / predicted : null;
    const recall = support > 0 ? truePositive / support : null;
    const f1 =
      precision !== null && recall !== null && precision + recall > 0
        ? (2 * precision * recall) / (precision + recall)
        : null;
    return { class: name, precision, recall, f1, support };
  });
  const asPct = (v: Cell): string => (typeof v === "number" ? pct(v) : "—");
  return {
    className: "tslab-ml-class-metrics",
    columns: [
      { key: "class", label: "class" },
      { key: "precision", label: "precision", format: asPct },
      { key: "recall", label: "recall", format: asPct },
      { key: "f1", label: "F1", format: asPct },
      { key: "support", label: "images", format: (v) => (typeof v === "number" ? count(v) : "—") },
    ],
    rows,
    empty: "no classes",
  };
}

/** The headline: accuracy over how many images. */
export function accuracyLine(state: MispredictionsState): string {
  const wrong = Math.round(state.total * (1 - state.accuracy));
  return `accuracy ${pct(state.accuracy)} on ${count(state.total)} images (${count(wrong)} mispredicted)`;
}

/** What the gallery shows and in which order. */
export function galleryTitle(state: MispredictionsState): string {
  const name = (i: number): string => state.class_names[i] ?? String(i);
  const total = count(state.gallery_total);
  return state.filter
    ? `${name(state.filter.actual)} predicted as ${name(state.filter.predicted)}: ${total} images, highest loss first`
    : `all ${total} mispredictions, highest loss first`;
}

/** The gallery's thumbnails; `src` gives each item's image source (data URI or object URL). */
export function mispredictionThumbs(
  items: MispredictionsState["gallery_items"],
  src: (slot: number) => string,
): Thumb[] {
  return items.map((item, slot) => ({ src: src(slot), caption: item.caption, index: item.index }));
}

/** The gallery button that opens an image's saliency map (when the kernel has the model). */
export const SALIENCY_ACTION: ThumbAction = {
  action: "saliency",
  label: "saliency",
  title: "show the saliency map of this image (Grad-CAM or input gradients) below the gallery",
};

/**
 * The saliency panel under the gallery: the image and its map, captioned, or why no map could be made.
 * `src` gives each picture's source (data URI or object URL).
 */
export function saliencyPanelHtml(panel: SaliencyPanel, src: (slot: number) => string): string {
  const body = panel.error
    ? text(
        "div",
        { class: "tslab-ml-saliency-error", style: "font:12px sans-serif;color:#b00020" },
        panel.error,
      )
    : thumbGridHtml(
        panel.images.map((_, slot) => ({ src: src(slot), caption: panel.captions[slot] ?? "", index: slot })),
        { cols: 2, size: panel.thumb_size, empty: "no map" },
      );
  return `<div class="tslab-ml-saliency" style="margin-top:8px">${headingHtml(panel.title)}${body}</div>`;
}

export const NO_MISPREDICTION = "no mispredictions: every image is predicted right";
