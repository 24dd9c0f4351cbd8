import { el } from "../components/dom";
import { PlotlyChart } from "../components/plot";
import { WIDGET_CLASSES } from "../protocol";
import { modelClass, TslabMlView } from "./base-view";
import type { Expect } from "./validate";

export const CapacityModel = modelClass(WIDGET_CLASSES.capacity);

const VERDICT_COLOR: Record<string, string> = {
  good_fit: "#188038",
  overfitting: "#d93025",
  underfitting: "#e8710a",
  not_converged: "#1a73e8",
};

/** Learning curves (loss and metrics, training vs validation) with the verdict and its evidence. */
export class CapacityView extends TslabMlView {
  protected readonly stateSpec: Record<string, Expect> = {
    title: "string",
    curves: "object",
    verdict: "string",
    evidence: "string[]",
    advice: "string[]",
  };
  private charts: PlotlyChart[] = [];

  protected draw(): HTMLElement {
    const curves = this.model.get("curves") as Record<string, number[]>;
    const trace = (key: string): Record<string, unknown> => ({
      type: "scatter",
      mode: "lines+markers",
      name: key,
      x: (curves[key] ?? []).map((_, i) => i + 1),
      y: curves[key],
      line: { dash: key.startsWith("val_") ? "dash" : "solid" },
    });
    const lossKeys = Object.keys(curves).filter((k) => k.includes("loss"));
    const metricKeys = Object.keys(curves).filter((k) => !k.includes("loss"));
    this.charts = [
      new PlotlyChart(lossKeys.map(trace), { title: { text: "loss" }, xaxis: { title: { text: "epoch" } } }),
    ];
    if (metricKeys.length) {
      this.charts.push(
        new PlotlyChart(metricKeys.map(trace), {
          title: { text: "metrics" },
          xaxis: { title: { text: "epoch" } },
        }),
      );
    }
    const verdict = String(this.model.get("verdict"));
    const list = (items: string[], empty: string): HTMLElement =>
      items.length === 0
        ? el("div", { className: "tslab-ml-empty", text: empty })
        : el(
            "ul",
            { style: "margin:2px 0" },
            items.map((i) => el("li", { text: i })),
          );
    return el("div", { className: "tslab-ml-capacity" }, [
      el("div", {
        className: "tslab-ml-verdict",
        text: String(this.model.get("title")),
        style: `font:bold 14px sans-serif;color:${VERDICT_COLOR[verdict] ?? "#333"}`,
      }),
      el(
        "div",
        { className: "tslab-ml-columns", style: "--tslab-ml-column:320px" },
        this.charts.map((c) => c.element),
      ),
      el("div", { text: "evidence", style: "font:bold 12px sans-serif" }),
      list(this.model.get("evidence") as string[], "no evidence recorded"),
      el("div", { text: "what to do", style: "font:bold 12px sans-serif" }),
      list(this.model.get("advice") as string[], "nothing to change"),
    ]);
  }

  protected override cleanup(): void {
    for (const chart of this.charts) chart.dispose();
    this.charts = [];
  }
}
