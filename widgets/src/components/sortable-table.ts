import { el } from "./dom";

export type Cell = string | number;

export interface Column {
  key: string;
  label: string;
  /** Formats numbers for display; sorting uses the raw value. */
  format?: (value: Cell) => string;
}

/** A table whose header cells sort it (click again to reverse). Cells are text, never markup. */
export class SortableTable {
  readonly element = el("table", {
    className: "tslab-ml-table",
    style: "border-collapse:collapse;font:12px sans-serif;margin:4px 0",
  });
  private sortKey: string | undefined;
  private descending = false;

  constructor(
    private readonly columns: readonly Column[],
    private rows: Record<string, Cell>[],
    private readonly onRowClick?: (row: Record<string, Cell>) => void,
  ) {
    this.render();
  }

  setRows(rows: Record<string, Cell>[]): void {
    this.rows = rows;
    this.render();
  }

  sortBy(key: string, descending = false): void {
    this.sortKey = key;
    this.descending = descending;
    this.render();
  }

  private render(): void {
    const rows = [...this.rows];
    if (this.sortKey !== undefined) {
      const key = this.sortKey;
      const sign = this.descending ? -1 : 1;
      rows.sort((a, b) => {
        const x = a[key] ?? "";
        const y = b[key] ?? "";
        return (
          sign * (typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y)))
        );
      });
    }
    const th = "border-bottom:1px solid #999;padding:3px 8px;text-align:left;cursor:pointer;user-select:none";
    const head = el(
      "tr",
      {},
      this.columns.map((c) => {
        const arrow = this.sortKey === c.key ? (this.descending ? " ▼" : " ▲") : "";
        const cell = el("th", { text: c.label + arrow, style: th, attrs: { "data-key": c.key } });
        cell.addEventListener("click", () =>
          this.sortBy(c.key, this.sortKey === c.key ? !this.descending : false),
        );
        return cell;
      }),
    );
    const body = rows.map((row) => {
      const tr = el(
        "tr",
        { style: this.onRowClick ? "cursor:pointer" : "" },
        this.columns.map((c) => {
          const v = row[c.key] ?? "";
          return el("td", {
            text: c.format ? c.format(v) : String(v),
            style: `padding:2px 8px;border-bottom:1px solid #eee;${typeof v === "number" ? "text-align:right" : ""}`,
          });
        }),
      );
      if (this.onRowClick) tr.addEventListener("click", () => this.onRowClick?.(row));
      return tr;
    });
    this.element.replaceChildren(el("thead", {}, [head]), el("tbody", {}, body));
  }
}
