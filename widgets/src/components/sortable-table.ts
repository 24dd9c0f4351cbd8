import { el } from "./dom";
import { ensureStyles } from "./styles";

export type Cell = string | number;

export interface Column {
  key: string;
  label: string;
  /** Formats numbers for display; sorting uses the raw value. */
  format?: (value: Cell) => string;
}

export interface TableOptions {
  onRowClick?: (row: Record<string, Cell>) => void;
  /** Said in words when there are no rows (instead of a header over nothing). */
  empty?: string;
}

/**
 * A table whose header cells sort it (click again to reverse). Cells are text, never markup. `element` is a
 * scroller around the table: a table wider than the output area scrolls inside itself.
 */
export class SortableTable {
  readonly table = el("table", { className: "tslab-ml-table" });
  readonly element = el("div", { className: "tslab-ml-scroll tslab-ml-table-scroll" }, [this.table]);
  private sortKey: string | undefined;
  private descending = false;
  private readonly options: TableOptions;

  constructor(
    private readonly columns: readonly Column[],
    private rows: Record<string, Cell>[],
    options: TableOptions | ((row: Record<string, Cell>) => void) = {},
  ) {
    ensureStyles();
    this.options = typeof options === "function" ? { onRowClick: options } : options;
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
    if (this.rows.length === 0) {
      this.element.replaceChildren(
        el("div", { className: "tslab-ml-empty", text: this.options.empty ?? "nothing to show" }),
      );
      return;
    }
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
    const head = el(
      "tr",
      {},
      this.columns.map((c) => {
        const arrow = this.sortKey === c.key ? (this.descending ? " ▼" : " ▲") : "";
        const cell = el("th", { text: c.label + arrow, attrs: { "data-key": c.key } });
        cell.addEventListener("click", () =>
          this.sortBy(c.key, this.sortKey === c.key ? !this.descending : false),
        );
        return cell;
      }),
    );
    const onRowClick = this.options.onRowClick;
    const body = rows.map((row) => {
      const tr = el(
        "tr",
        { style: onRowClick ? "cursor:pointer" : "" },
        this.columns.map((c) => {
          const v = row[c.key] ?? "";
          return el("td", {
            text: c.format ? c.format(v) : String(v),
            className: typeof v === "number" ? "tslab-ml-num" : "",
          });
        }),
      );
      if (onRowClick) tr.addEventListener("click", () => onRowClick(row));
      return tr;
    });
    this.table.replaceChildren(el("thead", {}, [head]), el("tbody", {}, body));
    if (this.table.parentElement !== this.element) this.element.replaceChildren(this.table);
  }
}
