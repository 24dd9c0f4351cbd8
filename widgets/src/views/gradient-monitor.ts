import { el, fromHtml, titleElement } from "../components/dom";
import { PlotlyChart, type PlotData } from "../components/plot";
import {
  activationTable,
  headingHtml,
  logAxisRange,
  occupiedBinRange,
  verdictTable,
  curesTable,
  WIDGETS,
} from "tslab-ml-protocol";
import { SortableTable } from "../components/sortable-table";
import { TslabMlView } from "./base-view";

type HistKind = "grad" | "weight" | "update" | "act";

/** What the histogram selector offers: which buffer, over which layers, on which axis. */
type HistKey = "grad_hist" | "weight_hist" | "update_hist" | "act_hist";
const HIST_KINDS: Record<
  HistKind,
  { label: string; histKey: HistKey; layersKey: "layers" | "act_layers"; axis: string }
> = {
  grad: { label: "gradients", histKey: "grad_hist", layersKey: "layers", axis: "log10 |g|" },
  weight: { label: "weights", histKey: "weight_hist", layersKey: "layers", axis: "log10 |w|" },
  update: { label: "updates (Δw)", histKey: "update_hist", layersKey: "layers", axis: "log10 |Δw|" },
  act: { label: "activations", histKey: "act_hist", layersKey: "act_layers", axis: "log10 |a|" },
};

/** Float32 values from bytes (copied: a comm buffer need not be 4-byte aligned). */
function asFloat32(bytes: Uint8Array): Float32Array {
  return new Float32Array(bytes.slice().buffer, 0, Math.floor(bytes.byteLength / 4));
}

/** One x range for every chart over steps: half a step beyond the first and last recorded step. */
function sharedStepRange(...series: number[][]): [number, number] | undefined {
  const all = series.flat().filter(Number.isFinite);
  if (all.length === 0) return undefined;
  return [Math.min(...all) - 0.5, Math.max(...all) + 0.5];
}

/**
 * The live gradient monitor: per layer a heatmap of log10|g| histograms over steps, the gradient flow
 * (mean and max |g| per layer, input to output), the loss curve, activations and verdicts. Charts update
 * in place while the model trains.
 */
export class GradientMonitorView extends TslabMlView<typeof WIDGETS.gradientMonitor> {
  protected readonly contract = WIDGETS.gradientMonitor;
  private charts:
    { heatmap: PlotlyChart; flow: PlotlyChart; ratio: PlotlyChart; loss: PlotlyChart } | undefined;
  private layerSelect: HTMLSelectElement | undefined;
  private kindSelect: HTMLSelectElement | undefined;
  private title: HTMLElement | undefined;
  private verdictTable: SortableTable | undefined;
  private curesTable: SortableTable | undefined;
  private activationTable: SortableTable | undefined;

  protected draw(): HTMLElement {
    this.title = titleElement("");
    this.layerSelect = el("select", { className: "tslab-ml-layer" });
    this.layerSelect.addEventListener("change", () => this.refresh());
    this.kindSelect = el("select", { className: "tslab-ml-hist-kind" });
    for (const [key, kind] of Object.entries(HIST_KINDS))
      this.kindSelect.append(el("option", { text: kind.label, attrs: { value: key } }));
    this.kindSelect.addEventListener("change", () => {
      this.fillLayerSelect();
      this.refresh();
    });
    this.charts = {
      heatmap: new PlotlyChart([], { height: 260 }),
      flow: new PlotlyChart([], { height: 260 }),
      ratio: new PlotlyChart([], { height: 240 }),
      loss: new PlotlyChart([], { height: 220 }),
    };
    this.verdictTable = new SortableTable(verdictTable([]));
    this.curesTable = new SortableTable(curesTable([]));
    this.activationTable = new SortableTable(activationTable(this.state()));
    const root = el("div", { className: "tslab-ml-gradient-monitor" }, [
      this.title,
      el("div", { className: "tslab-ml-columns", style: "--tslab-ml-column:320px" }, [
        el("div", {}, [
          el("label", { text: "histogram over steps of ", style: "font:12px sans-serif" }),
          this.kindSelect,
          el("label", { text: " at ", style: "font:12px sans-serif" }),
          this.layerSelect,
          this.charts.heatmap.element,
        ]),
        el("div", {}, [
          el("div", { text: "gradient flow, input → output", style: "font:12px sans-serif" }),
          this.charts.flow.element,
        ]),
      ]),
      el("div", { className: "tslab-ml-columns", style: "--tslab-ml-column:320px" }, [
        el("div", {}, [
          el("div", {
            text: "update/weight ratio per step (healthy ≈ 1e-3)",
            style: "font:12px sans-serif",
          }),
          this.charts.ratio.element,
        ]),
        el("div", {}, [el("div", { text: "loss", style: "font:12px sans-serif" }), this.charts.loss.element]),
      ]),
      fromHtml(headingHtml("verdicts")),
      this.verdictTable.element,
      this.curesTable.element,
      fromHtml(headingHtml("activations on the sample")),
      this.activationTable.element,
    ]);
    this.fillLayerSelect();
    this.refresh();
    return root;
  }

  /** The selected histogram kind's layers: every layer with weights, or every layer with activations. */
  private histLayers(): string[] {
    const kind = HIST_KINDS[(this.kindSelect?.value ?? "grad") as HistKind] ?? HIST_KINDS.grad;
    return this.get(kind.layersKey);
  }

  private fillLayerSelect(): void {
    const select = this.layerSelect;
    if (!select) return;
    const layers = this.histLayers();
    const keep = select.selectedOptions[0]?.text;
    if ([...select.options].map((o) => o.text).join("\n") === layers.join("\n")) return;
    select.replaceChildren(
      ...layers.map((name, i) => el("option", { text: name, attrs: { value: String(i) } })),
    );
    const again = layers.indexOf(keep ?? "");
    select.value = String(Math.max(0, again));
  }

  protected override refresh(): boolean {
    if (!this.charts || !this.layerSelect || !this.title) return false;
    const layers = this.get("layers");
    const steps = this.get("steps");
    const edges = this.get("grad_edges");
    const bins = edges.length - 1;
    this.fillLayerSelect();
    const kind = HIST_KINDS[(this.kindSelect?.value ?? "grad") as HistKind] ?? HIST_KINDS.grad;
    const layer = Number(this.layerSelect.value || 0);
    const hist = asFloat32(this.get(kind.histKey) ?? new Uint8Array(0));
    const z: number[][] = Array.from({ length: bins }, (_, b) =>
      steps.map((_, s) => hist[(layer * steps.length + s) * bins + b] ?? 0),
    );
    const centers = edges.slice(0, -1).map((e, i) => (e + (edges[i + 1] as number)) / 2);
    this.title.textContent = this.get("title");
    // The heatmap and the loss curve share one step axis: the same range on both.
    const stepAxis = { title: { text: "step" }, range: sharedStepRange(steps, this.get("loss_steps")) };
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
      {
        height: 260,
        xaxis: stepAxis,
        yaxis: { title: { text: kind.axis }, range: occupiedBinRange(edges, z) },
      },
    );
    const ratios = this.get("update_ratio") ?? [];
    this.charts.ratio.update(
      [
        ...layers.map((name, l): PlotData => ({
          type: "scatter",
          mode: "lines",
          name,
          x: steps,
          y: (ratios[l] ?? []).map((r) => (r !== null && r > 0 ? r : null)),
        })),
        {
          type: "scatter",
          mode: "lines",
          name: "1e-3",
          x: [steps[0] ?? 0, steps[steps.length - 1] ?? 1],
          y: [1e-3, 1e-3],
          line: { dash: "dot", color: "#888" },
          hoverinfo: "skip",
        },
      ],
      {
        height: 240,
        // The step range of the charts beside it.
        xaxis: stepAxis,
        // The ratios and the healthy 1e-3 line, whatever the chart showed before.
        yaxis: {
          type: "log",
          title: { text: "RMS(Δw) / RMS(w)" },
          range: logAxisRange(ratios.flat(), [1e-3]),
        },
      },
    );
    const flow: PlotData[] = [
      {
        type: "scatter",
        mode: "lines+markers",
        name: "mean |g|",
        x: layers,
        y: this.get("grad_mean_abs"),
      },
      {
        type: "scatter",
        mode: "lines+markers",
        name: "max |g|",
        x: layers,
        y: this.get("grad_max_abs"),
      },
    ];
    this.charts.flow.update(flow, {
      height: 260,
      yaxis: {
        type: "log",
        title: { text: "|g|" },
        range: logAxisRange([...this.get("grad_mean_abs"), ...this.get("grad_max_abs")]),
      },
      legend: { orientation: "h" },
    });
    this.charts.loss.update(
      [
        {
          type: "scatter",
          mode: "lines",
          name: "loss",
          x: this.get("loss_steps"),
          y: this.get("losses"),
        },
      ],
      { height: 220, xaxis: stepAxis, yaxis: { title: { text: "loss" } } },
    );
    this.verdictTable?.setRows(verdictTable(this.get("verdicts")).rows);
    this.curesTable?.setRows(curesTable(this.get("verdicts")).rows);
    if (this.curesTable) this.curesTable.element.hidden = this.get("verdicts").length === 0;
    this.activationTable?.setRows(activationTable(this.state()).rows);
    return true;
  }

  protected override cleanup(): void {
    if (this.charts) for (const chart of Object.values(this.charts)) chart.dispose();
    this.charts = undefined;
  }
}
