import {
  capacityAdviceHtml,
  capacityCurves,
  capacityVerdictHtml,
  WIDGETS,
  type Series,
} from "tslab-ml-protocol";
import { el, fromHtml } from "../components/dom";
import { PlotlyChart } from "../components/plot";
import { TslabMlView } from "./base-view";

function traces(series: Series[]): Record<string, unknown>[] {
  return series.map((s) => ({
    type: "scatter",
    mode: "lines+markers",
    name: s.name,
    x: s.y.map((_, i) => i + 1),
    y: s.y,
    line: { dash: s.dashed ? "dash" : "solid" },
  }));
}

/** Learning curves (loss and metrics, training vs validation) with the verdict and its evidence. */
export class CapacityView extends TslabMlView<typeof WIDGETS.capacity> {
  protected readonly contract = WIDGETS.capacity;
  private charts: PlotlyChart[] = [];

  protected draw(): HTMLElement {
    const state = this.state();
    const { loss, metrics } = capacityCurves(state);
    const layout = (title: string): Record<string, unknown> => ({
      title: { text: title },
      xaxis: { title: { text: "epoch" } },
    });
    this.charts = [new PlotlyChart(traces(loss), layout("loss"))];
    if (metrics.length) this.charts.push(new PlotlyChart(traces(metrics), layout("metrics")));
    const advice = el("div");
    advice.innerHTML = capacityAdviceHtml(state);
    return el("div", { className: "tslab-ml-capacity" }, [
      fromHtml(capacityVerdictHtml(state)),
      el(
        "div",
        { className: "tslab-ml-columns", style: "--tslab-ml-column:320px" },
        this.charts.map((c) => c.element),
      ),
      advice,
    ]);
  }

  protected override cleanup(): void {
    for (const chart of this.charts) chart.dispose();
    this.charts = [];
  }
}
