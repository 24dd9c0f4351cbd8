import { el, titleElement } from "../components/dom";
import { PlotlyChart, type PlotData } from "../components/plot";
import { WIDGETS } from "tslab-ml-protocol";
import { TslabMlView } from "./base-view";

const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

/**
 * Loss and metrics while `model.fit` runs: per batch (thin line), per epoch for training (solid) and
 * validation (dashed), on one epoch axis. Charts update in place; the kernel sends at most 5 updates a second.
 */
export class TrainingCurvesView extends TslabMlView<typeof WIDGETS.trainingCurves> {
  protected readonly contract = WIDGETS.trainingCurves;
  private title: HTMLElement | undefined;
  private loss: PlotlyChart | undefined;
  private metrics: PlotlyChart | undefined;
  private metricsBox: HTMLElement | undefined;

  protected draw(): HTMLElement {
    this.title = titleElement("");
    this.loss = new PlotlyChart([], { height: 280 });
    this.metrics = new PlotlyChart([], { height: 280 });
    this.metricsBox = el("div", {}, [this.metrics.element]);
    const root = el("div", { className: "tslab-ml-training-curves" }, [
      this.title,
      el("div", { style: "display:grid;grid-template-columns:repeat(auto-fit,minmax(320px,1fr));gap:8px" }, [
        this.loss.element,
        this.metricsBox,
      ]),
    ]);
    this.refresh();
    return root;
  }

  protected override refresh(): boolean {
    if (!this.title || !this.loss || !this.metrics || !this.metricsBox) return false;
    this.title.textContent = this.get("title");
    const batchX = this.get("batch_x");
    const batch = this.get("batch");
    const epochs = this.get("epochs");
    const epoch = this.get("epoch");
    const names = [
      ...new Set([...Object.keys(epoch), ...Object.keys(batch)].map((k) => k.replace(/^val_/, ""))),
    ];
    const color = (name: string): string => COLORS[names.indexOf(name) % COLORS.length] as string;
    const traces = (isLoss: boolean): PlotData[] =>
      names
        .filter((n) => n.includes("loss") === isLoss)
        .flatMap((name): PlotData[] => [
          ...(batch[name]
            ? [
                {
                  type: "scatter",
                  mode: "lines",
                  name: `${name} (batch)`,
                  x: batchX,
                  y: batch[name],
                  line: { width: 1, color: color(name) },
                  opacity: 0.35,
                },
              ]
            : []),
          ...(epoch[name]
            ? [
                {
                  type: "scatter",
                  mode: "lines+markers",
                  name,
                  x: epochs,
                  y: epoch[name],
                  line: { color: color(name) },
                },
              ]
            : []),
          ...(epoch[`val_${name}`]
            ? [
                {
                  type: "scatter",
                  mode: "lines+markers",
                  name: `val_${name}`,
                  x: epochs,
                  y: epoch[`val_${name}`],
                  line: { color: color(name), dash: "dash" },
                },
              ]
            : []),
        ]);
    const layout = (title: string): Record<string, unknown> => ({
      height: 280,
      title: { text: title },
      xaxis: { title: { text: "epoch" } },
      legend: { orientation: "h" },
    });
    this.loss.update(traces(true), layout("loss"));
    const metricTraces = traces(false);
    this.metricsBox.style.display = metricTraces.length ? "" : "none";
    this.metrics.update(metricTraces, layout("metrics"));
    return true;
  }

  protected override cleanup(): void {
    this.loss?.dispose();
    this.metrics?.dispose();
    this.loss = undefined;
    this.metrics = undefined;
  }
}
