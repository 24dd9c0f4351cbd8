import { el, titleElement } from "../components/dom";
import { PlotlyChart, type PlotData } from "../components/plot";
import { lrFinderLossRange, lrFinderMarkers, lrFinderSeries, WIDGETS } from "tslab-ml-protocol";
import { TslabMlView } from "./base-view";

/**
 * The range test: raw and smoothed loss against the learning rate (log axis), both suggestions marked.
 * The series, markers and loss range are the static fallback's (tslab-ml-protocol), drawn by plotly.
 */
export class LearningRateFinderView extends TslabMlView<typeof WIDGETS.learningRateFinder> {
  protected readonly contract = WIDGETS.learningRateFinder;
  private chart: PlotlyChart | undefined;

  protected draw(): HTMLElement {
    const state = this.state();
    const range = lrFinderLossRange(state);
    const lines = lrFinderSeries(state).map((s, i): PlotData => ({
      type: "scatter",
      mode: "lines",
      name: s.name,
      x: s.x,
      y: s.y,
      line: { color: s.color, width: i === 0 ? 1 : 2 },
    }));
    const markers = range
      ? lrFinderMarkers(state).map((m): PlotData => ({
          type: "scatter",
          mode: "lines",
          name: m.label,
          x: [m.x, m.x],
          y: range,
          line: { dash: "dash", color: m.color },
        }))
      : [];
    this.chart = new PlotlyChart([...lines, ...markers], {
      height: 320,
      xaxis: { type: "log", title: { text: "learning rate" } },
      yaxis: { title: { text: "loss" }, range },
      legend: { orientation: "h" },
    });
    return el("div", { className: "tslab-ml-lr-finder" }, [
      titleElement(state.title),
      this.chart.element,
      el("div", { className: "tslab-ml-note", text: state.note, style: "font:12px sans-serif;color:#555" }),
    ]);
  }

  protected override cleanup(): void {
    this.chart?.dispose();
    this.chart = undefined;
  }
}
