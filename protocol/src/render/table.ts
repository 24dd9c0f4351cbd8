import { escapeHtml, tag, text, type AttrValue } from "./html";

export type Cell = string | number | null;

export interface Column {
  key: string;
  label: string;
  /** Display text of a value; sorting uses the raw value. Default: the value as text, null as "—". */
  format?: (value: Cell) => string;
  /** Markup drawn before the text (e.g. a bar); must be escaped by whoever builds it. */
  prefixHtml?: (value: Cell) => string;
  /** Markup in place of the text (e.g. badges), from the whole row; escaped by whoever builds it. */
  html?: (value: Cell, row: Readonly<Record<string, Cell>>) => string;
  /**
   * Text (header and cells) may wrap between words but never inside one, e.g. "T-shirt/top" stays whole
   * where a narrow column would break it at the hyphen. Default: headers stay on one line, cell text
   * breaks wherever the browser may.
   */
  wholeWords?: boolean;
}

/** A table as data: what both the live view (sortable) and the static fallback draw. */
export interface TableSpec {
  columns: readonly Column[];
  rows: readonly Record<string, Cell>[];
  /** Rows drawn under a rule, never sorted (totals). */
  footer?: readonly Record<string, Cell>[];
  /** Said in place of the rows when there are none. */
  empty: string;
  className?: string;
}

export interface TableOptions {
  /** The sorted column and its direction (an arrow in its header). */
  sort?: { key: string; descending: boolean };
  /** Attributes per body row (data-* for delegated listeners). */
  rowAttrs?: (row: Record<string, Cell>, index: number) => Record<string, AttrValue>;
  /** Headers are clickable (the live view sorts). */
  sortable?: boolean;
}

const TH = "border-bottom:1px solid #999;padding:3px 8px;text-align:left;white-space:nowrap";
const TD = "padding:2px 8px;border-bottom:1px solid #eee";

function cellText(column: Column, value: Cell): string {
  if (column.format) return column.format(value);
  return value === null ? "—" : String(value);
}

/** Text as escaped markup, each word unbreakable when the column keeps words whole. */
function textHtml(column: Column, content: string): string {
  if (!column.wholeWords) return escapeHtml(content);
  return content
    .split(/(\s+)/)
    .map((part) =>
      part === "" || /^\s+$/.test(part)
        ? part
        : `<span style="white-space:nowrap">${escapeHtml(part)}</span>`,
    )
    .join("");
}

function rowHtml(
  columns: readonly Column[],
  row: Record<string, Cell>,
  extra: Record<string, AttrValue>,
): string {
  const cells = columns.map((c) => {
    const value = row[c.key] ?? null;
    const numeric = typeof value === "number";
    const style = numeric ? `${TD};text-align:right;white-space:nowrap` : TD;
    return tag(
      "td",
      { class: numeric ? "tslab-ml-num" : undefined, style },
      c.html ? c.html(value, row) : (c.prefixHtml?.(value) ?? "") + textHtml(c, cellText(c, value)),
    );
  });
  return tag("tr", extra, cells.join(""));
}

/** The rows in display order. */
export function sortRows(
  rows: readonly Record<string, Cell>[],
  sort: TableOptions["sort"],
): Record<string, Cell>[] {
  const out = [...rows];
  if (!sort) return out;
  const sign = sort.descending ? -1 : 1;
  return out.sort((a, b) => {
    const x = a[sort.key] ?? "";
    const y = b[sort.key] ?? "";
    return (
      sign * (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y)))
    );
  });
}

/**
 * A table as HTML, escaped; rows keep their index in `data-row` for delegated listeners. No rows: the
 * `empty` sentence instead of a header over nothing.
 */
export function tableHtml(spec: TableSpec, options: TableOptions = {}): string {
  if (spec.rows.length === 0)
    return text(
      "div",
      { class: "tslab-ml-empty", style: "font:italic 12px sans-serif;color:#5f6368;margin:2px 0 6px" },
      spec.empty,
    );
  const order = sortRows(
    spec.rows.map((row, i) => ({ ...row, __row: i })),
    options.sort,
  );
  const head = spec.columns
    .map((c) => {
      const arrow = options.sort?.key === c.key ? (options.sort.descending ? " ▼" : " ▲") : "";
      const th = c.wholeWords ? `${TH};white-space:normal` : TH;
      const style = options.sortable ? `${th};cursor:pointer;user-select:none` : th;
      return tag("th", { "data-key": c.key, style }, textHtml(c, c.label + arrow));
    })
    .join("");
  const body = order
    .map((row) => {
      const index = row.__row as number;
      return rowHtml(spec.columns, row, {
        "data-row": index,
        ...options.rowAttrs?.(spec.rows[index]!, index),
      });
    })
    .join("");
  const foot = spec.footer?.length
    ? tag(
        "tfoot",
        { style: "font-weight:bold" },
        spec.footer.map((row) => rowHtml(spec.columns, row, {})).join(""),
      )
    : "";
  return tag(
    "table",
    {
      class: `tslab-ml-table${spec.className ? ` ${spec.className}` : ""}`,
      style: "border-collapse:collapse;font:12px sans-serif;margin:4px 0",
    },
    tag("thead", {}, tag("tr", {}, head)) + tag("tbody", {}, body) + foot,
  );
}
