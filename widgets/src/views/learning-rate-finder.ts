import { el } from "../components/dom";
import { PlotlyChart, type PlotData } from "../components/plot";
import { WIDGETS } from "tslab-ml-protocol";
import { TslabMlView } from "./base-view";

/** The range test: raw and smoothed loss against the learning rate (log axis), both suggestions marked. */
export class LearningRateFinderView extends TslabMlView<typeof WIDGETS.learningRateFinder> {
  protected readonly contract = WIDGETS.learningRateFinder;
  private chart: PlotlyChart | undefined;

  protected draw(): HTMLElement {
    const lrs = this.get("lrs");
    const smoothed = this.get("smoothed");
    const finite = smoothed.filter((s): s is number => s !== null);
    const [lo, hi] = [Math.min(...finite), Math.max(...finite)];
    const marker = (key: "steepest" | "min_over_10", name: string, color: string): PlotData[] => {
      const lr = this.get(key);
      if (lr === null || lr === undefined || !finite.length) return [];
      return [
        {
          type: "scatter",
          mode: "lines",
          name: `${name} ${lr.toExponential(1)}`,
          x: [lr, lr],
          y: [lo, hi],
          line: { dash: "dash", color },
        },
      ];
    };
    this.chart = new PlotlyChart(
      [
        {
          type: "scatter",
          mode: "lines",
          name: "loss",
          x: lrs,
          y: this.get("losses"),
          line: { width: 1, color: "#aaa" },
        },
        { type: "scatter", mode: "lines", name: "smoothed", x: lrs, y: smoothed, line: { color: "#1f77b4" } },
        ...marker("steepest", "steepest", "#d62728"),
        ...marker("min_over_10", "min/10", "#2ca02c"),
      ],
      {
        height: 320,
        xaxis: { type: "log", title: { text: "learning rate" } },
        yaxis: { title: { text: "loss" }, range: finite.length ? [lo - 0.05 * (hi - lo), hi] : undefined },
        legend: { orientation: "h", y: -0.25 },
      },
    );
    return el("div", { className: "tslab-ml-lr-finder" }, [
      el("div", {
        className: "tslab-ml-title",
        text: this.get("title"),
        style: "font:bold 13px sans-serif;margin:4px 0",
      }),
      this.chart.element,
      el("div", { text: this.get("note"), style: "font:12px sans-serif;color:#555" }),
    ]);
  }

  protected override cleanup(): void {
    this.chart?.dispose();
    this.chart = undefined;
  }
}
