import { fmt } from "../format";
import { escapeHtml } from "./html";

const COLORS = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"];

export interface Series {
  name: string;
  /** One value per x; null (a diverged step, a missing epoch) leaves a gap. */
  y: readonly (number | null)[];
  /** x of each value; default 1, 2, 3, … */
  x?: readonly number[];
  dashed?: boolean;
  /** Default: the palette's colour for the series' place. */
  color?: string;
}

/** A vertical dashed line at x (e.g. a suggested learning rate), labelled in the legend. */
export interface Marker {
  x: number;
  label: string;
  color: string;
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  width?: number;
  height?: number;
  /** x on a log10 scale (every x must be > 0). */
  logX?: boolean;
  /** The y range drawn; values beyond it are drawn at its edge. Default: the values' range. */
  yRange?: readonly [number, number];
  markers?: readonly Marker[];
}

/**
 * A line chart as inline SVG: the static stand-in for a plotly chart (no script needed). Axis ranges are
 * written at the corners; the legend sits above the plot so it is never cut off.
 */
export function lineChartSvg(series: readonly Series[], options: LineChartOptions): string {
  const w = options.width ?? 420;
  const h = options.height ?? 180;
  const markers = options.markers ?? [];
  const entries = series.length + markers.length;
  const pad = { l: 44, r: 10, t: 18 + 14 * Math.ceil(entries / 3), b: 26 };
  const toX = (x: number): number => (options.logX ? Math.log10(x) : x);
  const points = series.map((s) =>
    s.y
      .map((v, i) => [toX(s.x?.[i] ?? i + 1), v] as const)
      .filter(
        (p): p is readonly [number, number] =>
          p[1] !== null && Number.isFinite(p[1]) && Number.isFinite(p[0]),
      ),
  );
  const all = points.flat();
  if (all.length === 0) return "";
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = options.yRange ?? [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number): number => pad.l + ((w - pad.l - pad.r) * (x - x0)) / (x1 - x0 || 1);
  const clampY = (y: number): number => Math.min(Math.max(y, Math.min(y0, y1)), Math.max(y0, y1));
  const sy = (y: number): number => h - pad.b - ((h - pad.t - pad.b) * (clampY(y) - y0)) / (y1 - y0 || 1);
  const colorOf = (i: number): string => series[i]?.color ?? (COLORS[i % COLORS.length] as string);
  const lines = points
    .map((pts, i) => {
      const dash = series[i]?.dashed ? ' stroke-dasharray="5,3"' : "";
      const path = pts.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(" ");
      return `<polyline fill="none" stroke="${colorOf(i)}" stroke-width="2"${dash} points="${path}"/>`;
    })
    .join("");
  const verticals = markers
    .map((m) => {
      const x = sx(toX(m.x)).toFixed(1);
      return `<line x1="${x}" x2="${x}" y1="${pad.t}" y2="${h - pad.b}" stroke="${m.color}" stroke-dasharray="4,3"/>`;
    })
    .join("");
  const legendEntry = (i: number, color: string, text: string): string => {
    const x = pad.l + (i % 3) * 120;
    const y = 28 + 14 * Math.floor(i / 3);
    return `<text x="${x}" y="${y}" font-size="11" fill="${color}">${escapeHtml(text)}</text>`;
  };
  const legend =
    series.map((s, i) => legendEntry(i, colorOf(i), `${s.dashed ? "- - " : "— "}${s.name}`)).join("") +
    markers.map((m, i) => legendEntry(series.length + i, m.color, `¦ ${m.label}`)).join("");
  const label = (x: number, y: number, text: string, anchor = "start"): string =>
    `<text x="${x}" y="${y}" font-size="10" fill="#555" text-anchor="${anchor}">${escapeHtml(text)}</text>`;
  const xText = (x: number): string => fmt(options.logX ? 10 ** x : x);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="tslab-ml-svg-chart" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" ` +
    `style="max-width:100%;height:auto;background:#fff;border:1px solid #eee" role="img" aria-label="${escapeHtml(options.title)}">` +
    `<text x="4" y="12" font-size="12" font-weight="bold">${escapeHtml(options.title)}</text>${legend}` +
    `<rect x="${pad.l}" y="${pad.t}" width="${w - pad.l - pad.r}" height="${h - pad.t - pad.b}" fill="none" stroke="#ddd"/>` +
    label(pad.l - 4, pad.t + 8, fmt(y1), "end") +
    label(pad.l - 4, h - pad.b, fmt(y0), "end") +
    label(pad.l, h - 8, xText(x0)) +
    label(w - pad.r, h - 8, xText(x1), "end") +
    label(
      (pad.l + w - pad.r) / 2,
      h - 8,
      options.logX ? `${options.xLabel} (log scale)` : options.xLabel,
      "middle",
    ) +
    `${lines}${verticals}</svg>`
  );
}
