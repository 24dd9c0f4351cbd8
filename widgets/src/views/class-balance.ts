import { el } from "../components/dom";
import { PlotlyChart } from "../components/plot";
import { SortableTable, type Cell } from "../components/sortable-table";
import { WIDGET_CLASSES, type ClassBalanceColumn } from "../protocol";
import { modelClass, TslabMlView } from "./base-view";
import type { Expect } from "./validate";

export const ClassBalanceModel = modelClass(WIDGET_CLASSES.classBalance);

/** Images per class, datasets side by side (e.g. before and after stratifiedSubset), as a table and a bar chart. */
export class ClassBalanceView extends TslabMlView {
  protected readonly stateSpec: Record<string, Expect> = {
    title: "string",
    class_names: "string[]",
    columns: "array",
  };
  private chart: PlotlyChart | undefined;

  protected draw(): HTMLElement {
    const names = this.model.get("class_names") as string[];
    const columns = this.model.get("columns") as ClassBalanceColumn[];
    const rows = names.map((name, i) => {
      const row: Record<string, Cell> = { class: name };
      for (const c of columns) {
        const total = c.counts.reduce((a, b) => a + b, 0) || 1;
        row[c.name] = c.counts[i] ?? 0;
        row[`${c.name} %`] = ((c.counts[i] ?? 0) / total) * 100;
      }
      return row;
    });
    const table = new SortableTable(
      [
        { key: "class", label: "class" },
        ...columns.flatMap((c) => [
          { key: c.name, label: c.name },
          { key: `${c.name} %`, label: "%", format: (v: Cell) => `${Number(v).toFixed(1)}%` },
        ]),
      ],
      rows,
    );
    this.chart = new PlotlyChart(
      columns.map((c) => {
        const total = c.counts.reduce((a, b) => a + b, 0) || 1;
        return { type: "bar", name: c.name, x: names, y: c.counts.map((n) => n / total) };
      }),
      { barmode: "group", height: 260, yaxis: { title: { text: "share of images" }, tickformat: ".0%" } },
    );
    return el("div", { className: "tslab-ml-class-balance" }, [
      el("div", {
        className: "tslab-ml-title",
        text: this.model.get("title") as string,
        style: "font:bold 13px sans-serif",
      }),
      el("div", { className: "tslab-ml-columns", style: "--tslab-ml-column:360px" }, [
        table.element,
        this.chart.element,
      ]),
    ]);
  }

  protected override cleanup(): void {
    this.chart?.dispose();
    this.chart = undefined;
  }
}
