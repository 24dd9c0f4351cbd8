import { el } from "../components/dom";
import { PlotlyChart, type PlotData } from "../components/plot";
import { SortableTable, type Cell } from "../components/sortable-table";
import { WIDGET_CLASSES, type VerdictState } from "../protocol";
import { modelClass, TslabMlView } from "./base-view";
import type { Expect } from "./validate";

export const GradientMonitorModel = modelClass(WIDGET_CLASSES.gradientMonitor);

const fmt = (x: number): string =>
  x === 0 ? "0" : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(3) : x.toExponential(2);

function asFloat32(data: unknown): Float32Array {
  if (data instanceof DataView)
    return new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  if (data instanceof ArrayBuffer) return new Float32Array(data);
  if (ArrayBuffer.isView(data))
    return new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  return new Float32Array(0);
}

/**
 * The live gradient monitor: per layer a heatmap of log10|g| histograms over steps, the gradient flow
 * (mean and max |g| per layer, input to output), the loss curve, activations and verdicts. Charts update
 * in place while the model trains.
 */
export class GradientMonitorView extends TslabMlView {
  protected readonly stateSpec: Record<string, Expect> = {
    title: "string",
    layers: "string[]",
    steps: "number[]",
    grad_edges: "number[]",
    grad_rms: "array",
    grad_mean_abs: "number[]",
    grad_max_abs: "number[]",
    loss_steps: "number[]",
    losses: "array",
    verdicts: "array",
  };
  private charts: { heatmap: PlotlyChart; flow: PlotlyChart; loss: PlotlyChart } | undefined;
  private layerSelect: HTMLSelectElement | undefined;
  private title: HTMLElement | undefined;
  private verdictTable: SortableTable | undefined;
  private activationTable: SortableTable | undefined;

  protected draw(): HTMLElement {
    const layers = this.model.get("layers") as string[];
    this.title = el("div", { className: "tslab-ml-title", style: "font:bold 13px sans-serif;margin:4px 0" });
    this.layerSelect = el("select", { className: "tslab-ml-layer" });
    for (const [i, name] of layers.entries())
      this.layerSelect.append(el("option", { text: name, attrs: { value: String(i) } }));
    this.layerSelect.addEventListener("change", () => this.refresh());
    this.charts = {
      heatmap: new PlotlyChart([], { height: 260 }),
      flow: new PlotlyChart([], { height: 260 }),
      loss: new PlotlyChart([], { height: 220 }),
    };
    this.verdictTable = new SortableTable(
      [
        { key: "kind", label: "problem" },
        { key: "layer", label: "layer" },
        { key: "step", label: "step" },
        { key: "evidence", label: "evidence" },
        { key: "cures", label: "usual cures" },
      ],
      [],
    );
    this.activationTable = new SortableTable(
      [
        { key: "layer", label: "layer" },
        { key: "mean", label: "mean", format: (v) => fmt(Number(v)) },
        { key: "std", label: "std", format: (v) => fmt(Number(v)) },
        { key: "zeros", label: "zeros", format: (v) => `${(Number(v) * 100).toFixed(0)}%` },
        { key: "dead", label: "dead units", format: (v) => `${(Number(v) * 100).toFixed(0)}%` },
        { key: "saturated", label: "saturated", format: (v) => `${(Number(v) * 100).toFixed(0)}%` },
      ],
      [],
    );
    const root = el("div", { className: "tslab-ml-gradient-monitor" }, [
      this.title,
      el("div", { style: "display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:8px" }, [
        el("div", {}, [
          el("label", { text: "gradient histogram (log10|g|) of ", style: "font:12px sans-serif" }),
          this.layerSelect,
          this.charts.heatmap.element,
        ]),
        el("div", {}, [
          el("div", { text: "gradient flow, input → output", style: "font:12px sans-serif" }),
          this.charts.flow.element,
        ]),
      ]),
      this.charts.loss.element,
      el("div", { text: "verdicts", style: "font:bold 12px sans-serif;margin-top:6px" }),
      this.verdictTable.element,
      el("div", { text: "activations on the sample", style: "font:bold 12px sans-serif;margin-top:6px" }),
      this.activationTable.element,
    ]);
    this.refresh();
    return root;
  }

  protected override refresh(): boolean {
    if (!this.charts || !this.layerSelect || !this.title) return false;
    const get = <T>(key: string): T => this.model.get(key) as T;
    const layers = get<string[]>("layers");
    const steps = get<number[]>("steps");
    const edges = get<number[]>("grad_edges");
    const bins = edges.length - 1;
    const layer = Number(this.layerSelect.value || 0);
    const hist = asFloat32(get("grad_hist"));
    const z: number[][] = Array.from({ length: bins }, (_, b) =>
      steps.map((_, s) => hist[(layer * steps.length + s) * bins + b] ?? 0),
    );
    const centers = edges.slice(0, -1).map((e, i) => (e + (edges[i + 1] as number)) / 2);
    this.title.textContent = get<string>("title");
    this.charts.heatmap.update(
      [
        {
          type: "heatmap",
          x: steps,
          y: centers,
          z,
          colorscale: "Viridis",
          colorbar: { title: { text: "fraction" } },
        },
      ],
      { height: 260, xaxis: { title: { text: "step" } }, yaxis: { title: { text: "log10 |g|" } } },
    );
    const flow: PlotData[] = [
      {
        type: "scatter",
        mode: "lines+markers",
        name: "mean |g|",
        x: layers,
        y: get<number[]>("grad_mean_abs"),
      },
      {
        type: "scatter",
        mode: "lines+markers",
        name: "max |g|",
        x: layers,
        y: get<number[]>("grad_max_abs"),
      },
    ];
    this.charts.flow.update(flow, { height: 260, yaxis: { type: "log", title: { text: "|g|" } } });
    this.charts.loss.update(
      [
        {
          type: "scatter",
          mode: "lines",
          name: "loss",
          x: get<number[]>("loss_steps"),
          y: get<number[]>("losses"),
        },
      ],
      { height: 220, xaxis: { title: { text: "step" } }, yaxis: { title: { text: "loss" } } },
    );
    const verdicts = get<VerdictState[]>("verdicts");
    this.verdictTable?.setRows(
      verdicts.map((v) => ({
        kind: v.kind,
        layer: v.layer,
        step: v.step,
        evidence: v.evidence,
        cures: v.cures.join("; "),
      })),
    );
    const actLayers = (this.model.get("act_layers") ?? []) as string[];
    const col = (key: string): number[] => (this.model.get(key) ?? []) as number[];
    this.activationTable?.setRows(
      actLayers.map((name, i): Record<string, Cell> => ({
        layer: name,
        mean: col("act_mean")[i] ?? 0,
        std: col("act_std")[i] ?? 0,
        zeros: col("act_zero_fraction")[i] ?? 0,
        dead: col("act_dead_fraction")[i] ?? 0,
        saturated: col("act_saturated_fraction")[i] ?? 0,
      })),
    );
    return true;
  }

  protected override cleanup(): void {
    if (this.charts) for (const chart of Object.values(this.charts)) chart.dispose();
    this.charts = undefined;
  }
}
