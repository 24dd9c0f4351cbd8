import Plotly from "plotly.js-dist-min";
import { ensureStyles } from "./styles";

export type PlotData = Record<string, unknown>;
export type PlotLayout = Record<string, unknown>;

/** Below this width (px) a chart's legend goes under the plot, in a row, instead of taking a column. */
const NARROW = 560;

type Axis = Record<string, unknown>;

/**
 * The layout a chart is drawn with at `width`: axes make room for their tick labels (rotated category
 * names stay readable), and the legend stays visible — at the side when there is room, a horizontal row
 * under the plot when the chart is narrow.
 */
export function fittedLayout(layout: PlotLayout, width: number): PlotLayout {
  const axis = (a: unknown): Axis => ({ automargin: true, ...((a as Axis | undefined) ?? {}) });
  const narrow = width > 0 && width < NARROW;
  const legend = narrow ? { orientation: "h", x: 0, xanchor: "left", y: -0.32, yanchor: "top" } : {};
  return {
    margin: { l: 50, r: 20, t: 30, b: 40 },
    height: 300,
    ...layout,
    autosize: true,
    ...(width > 0 ? { width } : {}),
    xaxis: axis(layout.xaxis),
    yaxis: axis(layout.yaxis),
    legend: { ...legend, ...((layout.legend as Record<string, unknown> | undefined) ?? {}) },
  };
}

/**
 * One plotly.js chart in a div that follows its container's width (a ResizeObserver redraws it when the
 * output area, a column or the window changes). `update` redraws in place (Plotly.react: fast for a
 * growing histogram); `dispose` purges plotly's listeners and WebGL contexts, which a removed view would
 * otherwise leak.
 */
export class PlotlyChart {
  readonly element: HTMLDivElement = document.createElement("div");
  private drawn = false;
  private width = 0;
  private data: PlotData[] = [];
  private readonly observer: ResizeObserver | undefined;

  constructor(
    data: PlotData[],
    private layout: PlotLayout = {},
  ) {
    ensureStyles();
    this.element.className = "tslab-ml-plot";
    if (typeof ResizeObserver !== "undefined") {
      this.observer = new ResizeObserver((entries) => {
        const width = Math.floor(entries[entries.length - 1]?.contentRect.width ?? 0);
        // Hidden (0) or unchanged: nothing to do; plotly would fall back to its 700 px default.
        if (width > 0 && width !== this.width) {
          this.width = width;
          this.draw();
        }
      });
      this.observer.observe(this.element);
    }
    this.update(data, layout);
  }

  update(data: PlotData[], layout: PlotLayout = this.layout): void {
    this.data = data;
    this.layout = layout;
    this.draw();
  }

  dispose(): void {
    this.observer?.disconnect();
    if (this.drawn) Plotly.purge(this.element);
    this.drawn = false;
  }

  private draw(): void {
    // Before the element is in the page its width is unknown: the observer draws it once it has one (a
    // drawing now would be at plotly's default 700 px, then again).
    if (this.observer && this.width === 0) return;
    const width = this.width;
    void Plotly.react(
      this.element,
      this.data as Plotly.Data[],
      fittedLayout(this.layout, width) as Partial<Plotly.Layout>,
      { displaylogo: false, responsive: false },
    );
    this.drawn = true;
  }
}
