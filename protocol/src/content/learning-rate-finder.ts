import { tag, text } from "../render/html";
import { lineChartSvg, type Marker, type Series } from "../render/svg-chart";
import type { LearningRateFinderState } from "../widgets/learning-rate-finder";
import { titleHtml } from "./common";

/** The raw loss (grey) and the smoothed loss against the learning rate: what both charts draw. */
export function lrFinderSeries(state: LearningRateFinderState): Series[] {
  return [
    { name: "loss", x: state.lrs, y: state.losses, color: "#aaa" },
    { name: "smoothed", x: state.lrs, y: state.smoothed, color: "#1f77b4" },
  ];
}

/** The two suggestions as vertical lines, labelled with their learning rate. */
export function lrFinderMarkers(state: LearningRateFinderState): Marker[] {
  const marker = (x: number | null, name: string, color: string): Marker[] =>
    x === null || !(x > 0) ? [] : [{ x, label: `${name} ${x.toExponential(1)}`, color }];
  return [
    ...marker(state.steepest, "steepest", "#d62728"),
    ...marker(state.min_over_10, "min/10", "#2ca02c"),
  ];
}

/**
 * The loss range shown: the smoothed loss's, a little below its minimum, and at most the starting loss plus
 * one and a half times the drop to the minimum. A run stops once the loss diverges, and its last points can
 * be thousands of times the start: drawn to scale, they squash the whole descent into a flat line.
 * Undefined when no smoothed loss is finite.
 */
export function lrFinderLossRange(state: LearningRateFinderState): [number, number] | undefined {
  const finite = state.smoothed.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length === 0) return undefined;
  const start = finite[0]!;
  const lo = Math.min(...finite);
  const drop = Math.max(start - lo, 0.1 * Math.abs(start));
  const hi = Math.min(Math.max(...finite), start + 1.5 * drop);
  return [lo - 0.05 * (hi - lo), hi];
}

/** The static fallback: title, the range test as SVG (log learning-rate axis), the note. */
export function lrFinderHtml(state: LearningRateFinderState): string {
  const chart = lineChartSvg(lrFinderSeries(state), {
    title: "loss against learning rate",
    xLabel: "learning rate",
    width: 460,
    height: 220,
    logX: true,
    yRange: lrFinderLossRange(state),
    markers: lrFinderMarkers(state),
  });
  return tag(
    "div",
    { class: "tslab-ml-lr-finder", style: "font:13px sans-serif" },
    titleHtml(state.title) +
      tag("div", {}, chart) +
      text("div", { class: "tslab-ml-note", style: "font:12px sans-serif;color:#555" }, state.note),
  );
}
