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
}

/**
 * A line chart as inline SVG: the static stand-in for a plotly chart (no script needed). Axis ranges are
 * written at the corners; the legend sits above the plot so it is never cut off.
 */
export function lineChartSvg(
  series: readonly Series[],
  options: { title: string; xLabel: string; width?: number; height?: number },
): string {
  const w = options.width ?? 420;
  const h = options.height ?? 180;
  const pad = { l: 44, r: 10, t: 18 + 14 * Math.ceil(series.length / 3), b: 26 };
  const points = series.map((s) =>
    s.y
      .map((v, i) => [s.x?.[i] ?? i + 1, v] as const)
      .filter((p): p is readonly [number, number] => p[1] !== null && Number.isFinite(p[1])),
  );
  const all = points.flat();
  if (all.length === 0) return "";
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const sx = (x: number): number => pad.l + ((w - pad.l - pad.r) * (x - x0)) / (x1 - x0 || 1);
  const sy = (y: number): number => h - pad.b - ((h - pad.t - pad.b) * (y - y0)) / (y1 - y0 || 1);
  const lines = points
    .map((pts, i) => {
      const color = COLORS[i % COLORS.length];
      const dash = series[i]?.dashed ? ' stroke-dasharray="5,3"' : "";
      const path = pts.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(" ");
      return `<polyline fill="none" stroke="${color}" stroke-width="2"${dash} points="${path}"/>`;
    })
    .join("");
  const legend = series
    .map((s, i) => {
      const x = pad.l + (i % 3) * 120;
      const y = 28 + 14 * Math.floor(i / 3);
      const color = COLORS[i % COLORS.length];
      return `<text x="${x}" y="${y}" font-size="11" fill="${color}">${s.dashed ? "- - " : "— "}${escapeHtml(s.name)}</text>`;
    })
    .join("");
  const label = (x: number, y: number, text: string, anchor = "start"): string =>
    `<text x="${x}" y="${y}" font-size="10" fill="#555" text-anchor="${anchor}">${escapeHtml(text)}</text>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="tslab-ml-svg-chart" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" ` +
    `style="max-width:100%;height:auto;background:#fff;border:1px solid #eee" role="img" aria-label="${escapeHtml(options.title)}">` +
    `<text x="4" y="12" font-size="12" font-weight="bold">${escapeHtml(options.title)}</text>${legend}` +
    `<rect x="${pad.l}" y="${pad.t}" width="${w - pad.l - pad.r}" height="${h - pad.t - pad.b}" fill="none" stroke="#ddd"/>` +
    label(pad.l - 4, pad.t + 8, fmt(y1), "end") +
    label(pad.l - 4, h - pad.b, fmt(y0), "end") +
    label(pad.l, h - 8, fmt(x0)) +
    label(w - pad.r, h - 8, fmt(x1), "end") +
    label((pad.l + w - pad.r) / 2, h - 8, options.xLabel, "middle") +
    `${lines}</svg>`
  );
}
