import { classBalanceTable, WIDGETS } from "tslab-ml-protocol";
import { el, titleElement } from "../components/dom";
import { PlotlyChart } from "../components/plot";
import { SortableTable } from "../components/sortable-table";
import { TslabMlView } from "./base-view";

/** Images per class, datasets side by side (e.g. before and after stratifiedSubset), as a table and a bar chart. */
export class ClassBalanceView extends TslabMlView<typeof WIDGETS.classBalance> {
  protected readonly contract = WIDGETS.classBalance;
  private chart: PlotlyChart | undefined;

  protected draw(): HTMLElement {
    const names = this.get("class_names");
    const table = new SortableTable(classBalanceTable(this.state()));
    this.chart = new PlotlyChart(
      this.get("columns").map((c) => {
        const total = c.counts.reduce((a, b) => a + b, 0) || 1;
        return { type: "bar", name: c.name, x: names, y: c.counts.map((n) => n / total) };
      }),
      { barmode: "group", height: 260, yaxis: { title: { text: "share of images" }, tickformat: ".0%" } },
    );
    return el("div", { className: "tslab-ml-class-balance" }, [
      titleElement(this.get("title")),
      // The table as wide as its content, the chart beside it in what is left, under it below 360 px:
      // the table is never squeezed into breaking names or scrolling while the output could hold it.
      el("div", { className: "tslab-ml-row" }, [
        table.element,
        el("div", { style: "flex:1 1 360px" }, [this.chart.element]),
      ]),
    ]);
  }

  protected override cleanup(): void {
    this.chart?.dispose();
    this.chart = undefined;
  }
}
