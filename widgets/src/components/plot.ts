import Plotly from "plotly.js-dist-min";

export type PlotData = Record<string, unknown>;
export type PlotLayout = Record<string, unknown>;

/**
 * One plotly.js chart in a div. `update` redraws in place (Plotly.react: fast for a growing histogram);
 * `dispose` purges plotly's listeners and WebGL contexts, which a removed view would otherwise leak.
 */
export class PlotlyChart {
  readonly element: HTMLDivElement = document.createElement("div");
  private drawn = false;

  constructor(
    data: PlotData[],
    private layout: PlotLayout = {},
  ) {
    this.element.className = "tslab-ml-plot";
    this.update(data, layout);
  }

  update(data: PlotData[], layout: PlotLayout = this.layout): void {
    this.layout = layout;
    const full = { margin: { l: 50, r: 20, t: 30, b: 40 }, height: 300, ...layout };
    void Plotly.react(this.element, data as Plotly.Data[], full as Partial<Plotly.Layout>, {
      displaylogo: false,
      responsive: true,
    });
    this.drawn = true;
  }

  dispose(): void {
    if (this.drawn) Plotly.purge(this.element);
    this.drawn = false;
  }
}
