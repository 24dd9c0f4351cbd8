import { tableHtml, type Cell, type TableSpec } from "tslab-ml-protocol";
import { el } from "./dom";
import { ensureStyles } from "./styles";

export interface SortableTableOptions {
  onRowClick?: (row: Record<string, Cell>) => void;
}

/**
 * The live form of a shared table (tslab-ml-protocol's tableHtml, the same markup the static fallback
 * shows): header clicks sort it (again to reverse), an optional row click; one delegated listener. An empty
 * table says so in words. `element` is a scroller: a table wider than the output area scrolls inside itself.
 */
export class SortableTable {
  readonly element = el("div", { className: "tslab-ml-scroll tslab-ml-table-scroll" });
  private sort: { key: string; descending: boolean } | undefined;

  constructor(
    private spec: TableSpec,
    private readonly options: SortableTableOptions = {},
  ) {
    ensureStyles();
    this.element.addEventListener("click", (event) => {
      const target = event.target as Element | null;
      const header = target?.closest?.("th[data-key]");
      if (header) {
        const key = header.getAttribute("data-key") as string;
        this.sortBy(key, this.sort?.key === key ? !this.sort.descending : false);
        return;
      }
      const row = target?.closest?.("tbody tr[data-row]");
      const data = row ? this.spec.rows[Number(row.getAttribute("data-row"))] : undefined;
      if (data) this.options.onRowClick?.(data);
    });
    this.render();
  }

  /** The table element, once there are rows. */
  get table(): HTMLTableElement | null {
    return this.element.querySelector("table");
  }

  setRows(rows: TableSpec["rows"], footer = this.spec.footer): void {
    this.spec = { ...this.spec, rows, footer };
    this.render();
  }

  sortBy(key: string, descending = false): void {
    this.sort = { key, descending };
    this.render();
  }

  private render(): void {
    this.element.innerHTML = tableHtml(this.spec, {
      sort: this.sort,
      sortable: true,
      rowAttrs: this.options.onRowClick ? () => ({ style: "cursor:pointer" }) : undefined,
    });
  }
}
