/**
 * The widgets' one stylesheet, added to the document once. Layout rules that make every view fit an output
 * area of any width live here: charts follow their container, wide tables scroll inside themselves, grids
 * wrap, and grid/flex children may shrink below their content's width (`min-width:0`).
 */
const CSS = `
.tslab-ml-widget{max-width:100%;min-width:0;box-sizing:border-box}
.tslab-ml-widget *{box-sizing:border-box}
.tslab-ml-plot{width:100%;min-width:0}
.tslab-ml-columns{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(var(--tslab-ml-column,420px),100%),1fr));gap:8px}
.tslab-ml-columns>*,.tslab-ml-row>*{min-width:0;max-width:100%}
.tslab-ml-row{display:flex;gap:12px;flex-wrap:wrap;align-items:flex-start}
.tslab-ml-scroll{overflow-x:auto;max-width:100%}
.tslab-ml-empty{font:italic 12px sans-serif;color:#5f6368;margin:2px 0 6px}
.tslab-ml-table{border-collapse:collapse;font:12px sans-serif;margin:4px 0}
.tslab-ml-table th{border-bottom:1px solid #999;padding:3px 8px;text-align:left;cursor:pointer;user-select:none;white-space:nowrap}
.tslab-ml-table td{padding:2px 8px;border-bottom:1px solid #eee;vertical-align:top}
.tslab-ml-table td.tslab-ml-num{text-align:right;white-space:nowrap}
.tslab-ml-grid-cells{display:grid;gap:6px;margin:4px 0;max-width:100%}
.tslab-ml-grid-cells figure{margin:0;text-align:center;cursor:pointer;position:relative;min-width:0}
.tslab-ml-grid-cells img{image-rendering:pixelated;object-fit:contain;border:2px solid #ddd;max-width:100%;height:auto;display:block;margin:0 auto}
.tslab-ml-grid-cells figure.selected img{border-color:#e8710a}
.tslab-ml-grid-cells figcaption{font:11px/1.25 sans-serif;overflow:hidden;overflow-wrap:anywhere;display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2}
.tslab-ml-grid-cells .tslab-ml-detail{font:10px sans-serif;color:#666;overflow-wrap:anywhere}
`;

const STYLE_ID = "tslab-ml-styles";

/** Adds the widgets' stylesheet to the document (once). */
export function ensureStyles(): void {
  if (typeof document === "undefined" || document.getElementById(STYLE_ID)) return;
  const style = document.createElement("style");
  style.id = STYLE_ID;
  style.textContent = CSS;
  document.head.append(style);
}
