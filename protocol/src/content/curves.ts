import { text } from "../render/html";
import { lineChartSvg, type Series } from "../render/svg-chart";
import { headingHtml, listHtml } from "./common";
import type { CapacityState } from "../widgets/capacity";

/**
 * Named per-epoch curves split into losses and metrics, validation curves dashed: the one split the
 * capacity diagnosis and the training curves use, live and static.
 */
export function splitCurves(
  curves: Readonly<Record<string, readonly (number | null)[]>>,
  x?: readonly number[],
): { loss: Series[]; metrics: Series[] } {
  const series = (keys: string[]): Series[] =>
    keys.map((k) => ({ name: k, y: curves[k] ?? [], x, dashed: k.startsWith("val_") }));
  const keys = Object.keys(curves);
  return {
    loss: series(keys.filter((k) => k.includes("loss"))),
    metrics: series(keys.filter((k) => !k.includes("loss"))),
  };
}

/** Loss and metric charts as inline SVG, the static stand-in for the live plotly charts. */
export function curvesSvg(split: { loss: Series[]; metrics: Series[] }, xLabel: string): string {
  return (
    lineChartSvg(split.loss, { title: "loss", xLabel }) +
    (split.metrics.length ? lineChartSvg(split.metrics, { title: "metrics", xLabel }) : "")
  );
}

/** The capacity diagnosis's curves (x: epoch 1, 2, …). */
export function capacityCurves(state: CapacityState): { loss: Series[]; metrics: Series[] } {
  return splitCurves(state.curves);
}

export const VERDICT_COLOR: Record<CapacityState["verdict"], string> = {
  good_fit: "#188038",
  overfitting: "#d93025",
  underfitting: "#e8710a",
  not_converged: "#1a73e8",
};

/** The static stand-in for the live plotly charts. */
export function capacityChartsSvg(state: CapacityState): string {
  return curvesSvg(capacityCurves(state), "epoch");
}

/** The verdict line, in the verdict's colour. */
export function capacityVerdictHtml(state: CapacityState): string {
  return text(
    "div",
    { class: "tslab-ml-verdict", style: `font:bold 14px sans-serif;color:${VERDICT_COLOR[state.verdict]}` },
    state.title,
  );
}

/** The evidence behind the verdict and what to do about it. */
export function capacityAdviceHtml(state: CapacityState): string {
  return (
    headingHtml("evidence") +
    listHtml(state.evidence, "no evidence recorded") +
    headingHtml("what to do") +
    listHtml(state.advice, "nothing to change")
  );
}
