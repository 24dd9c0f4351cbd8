import Plotly from "plotly.js-dist-min";
import { ensureStyles } from "./styles";

export type PlotData = Record<string, unknown>;
export type PlotLayout = Record<string, unknown>;

/** Below this width (px) a chart's legend goes under the plot, in a row, instead of taking a column. */
const NARROW = 560;

type Axis = Record<string, unknown>;

/**
 * Where a horizontal legend goes: under everything, at the bottom of the figure (container coordinates).
 * Plotly then reserves that strip and lays the x axis (ticks, title) out above it; a legend placed in plot
 * coordinates (y < 0) lands on the tick labels or the axis title whenever the plot is short or its labels
 * are rotated.
 */
const LEGEND_UNDER = { yref: "container", y: 0, yanchor: "bottom", x: 0, xanchor: "left" } as const;

/** Height (px) of one row of a horizontal legend at plotly's default 12 px font. */
const LEGEND_ROW = 20;

/** How many rows a horizontal legend of these entries takes at `width` (an estimate of plotly's wrapping). */
function legendRows(names: readonly string[], width: number): number {
  if (names.length === 0) return 0;
  let rows = 1;
  let used = 0;
  for (const name of names) {
    // Symbol and padding (~46 px), then the text (~7 px a character at 12 px).
    const item = 46 + 7 * name.length;
    if (used > 0 && used + item > width) {
      rows++;
      used = 0;
    }
    used += item;
  }
  return rows;
}

/**
 * The layout a chart is drawn with at `width`: axes make room for their tick labels (rotated category
 * names stay readable), and the legend stays visible — at the side when there is room, a horizontal row
 * under the plot (below the x axis and its title) when the chart is narrow or asks for a horizontal one.
 */
export function fittedLayout(
  layout: PlotLayout,
  width: number,
  legendNames: readonly string[] = [],
): PlotLayout {
  const axis = (a: unknown): Axis => ({ automargin: true, ...((a as Axis | undefined) ?? {}) });
  const narrow = width > 0 && width < NARROW;
  const asked = (layout.legend as Record<string, unknown> | undefined) ?? {};
  const horizontal = narrow || asked.orientation === "h";
  const legend = horizontal ? { ...asked, orientation: "h", ...LEGEND_UNDER } : asked;
  // The strip under the plot comes out of the chart's height: grow the chart by it, so a legend that
  // wraps to several rows on a narrow chart does not shrink the plot to a sliver.
  const height = typeof layout.height === "number" ? layout.height : 300;
  const extra = horizontal && width > 0 ? legendRows(legendNames, width) * LEGEND_ROW : 0;
  return {
    margin: { l: 50, r: 20, t: 30, b: 40 },
    ...layout,
    height: height + extra,
    autosize: true,
    ...(width > 0 ? { width } : {}),
    xaxis: axis(layout.xaxis),
    yaxis: axis(layout.yaxis),
    legend,
  };
}

/** The names the legend lists: plotly shows one only for two or more traces, unless told otherwise. */
function legendEntries(data: readonly PlotData[], layout: PlotLayout): string[] {
  const shown = data.filter((d) => d.showlegend !== false);
  const legend = layout.showlegend ?? shown.length > 1;
  return legend ? shown.map((d) => (typeof d.name === "string" ? d.name : "trace")) : [];
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
      fittedLayout(this.layout, width, legendEntries(this.data, this.layout)) as Partial<Plotly.Layout>,
      { displaylogo: false, responsive: false },
    );
    this.drawn = true;
  }
}
