import {
  activationTable,
  fmt,
  gradientTable,
  headingHtml,
  lineChartSvg,
  tableHtml,
  titleHtml,
  verdictTable,
  curesTable,
  WIDGETS,
  type GradientMonitorState,
} from "tslab-ml-protocol";
import { Widget } from "../display/widget";
import type { MonitorHistory, StepRecord } from "./monitor-history";
import { LOG_RANGE, type TensorStats } from "./stats";
import type { Verdict } from "./verdicts";

const MIN_INTERVAL_MS = 200;

function emptyState(layers: string[], bins: number): GradientMonitorState {
  const [lo, hi] = LOG_RANGE;
  const empty = new Uint8Array(0);
  return {
    title: "Gradient monitor: waiting for the first training step",
    layers,
    steps: [],
    grad_edges: Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins),
    grad_hist: empty,
    weight_hist: empty,
    update_hist: empty,
    grad_rms: layers.map(() => []),
    weight_rms: layers.map(() => []),
    update_ratio: layers.map(() => []),
    grad_mean_abs: [],
    grad_max_abs: [],
    act_layers: [],
    act_hist: empty,
    act_rms: [],
    act_mean: [],
    act_std: [],
    act_zero_fraction: [],
    act_dead_fraction: [],
    act_saturated_fraction: [],
    loss_steps: [],
    losses: [],
    verdicts: [],
  };
}

type StatsOf = (record: StepRecord, layer: string) => TensorStats | undefined;

/** Fractions per bin laid out [layer][step][bin], as float32 bytes for a binary comm buffer. */
function histograms(layers: string[], records: StepRecord[], bins: number, of: StatsOf): Uint8Array {
  const hist = new Float32Array(layers.length * records.length * bins);
  layers.forEach((layer, l) =>
    records.forEach((r, s) => {
      const stats = of(r, layer);
      if (!stats) return;
      const total = stats.count || 1;
      stats.histogram.counts.forEach((c, b) => (hist[(l * records.length + s) * bins + b] = c / total));
    }),
  );
  return new Uint8Array(hist.buffer);
}

/** Whether the loss has moved at all: "no problem found" is never said over a loss that has not. */
function lossMoved(history: MonitorHistory): boolean {
  const values = history.losses.map((l) => l.loss).filter(Number.isFinite);
  if (values.length < 2) return false;
  return Math.max(...values) - Math.min(...values) > 1e-6 * Math.max(1e-12, Math.abs(values[0] as number));
}

/** The live view of a GradientMonitor; updates at most every 200 ms while a model trains. */
export class GradientMonitorWidget extends Widget<typeof WIDGETS.gradientMonitor> {
  private lastUpdate = 0;

  constructor(layers: string[], bins: number) {
    super(WIDGETS.gradientMonitor, emptyState(layers, bins));
  }

  update(history: MonitorHistory, verdicts: Verdict[], force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastUpdate < MIN_INTERVAL_MS) return;
    this.lastUpdate = now;
    const { layers, grad_edges: edges } = this.state;
    const records = history.records;
    const bins = edges.length - 1;
    const latest = records[records.length - 1];
    const actLayers = latest ? Object.keys(latest.activations) : [];
    const act = actLayers.map((name) => latest!.activations[name]!);
    const last = history.losses[history.losses.length - 1];
    const status = verdicts.length
      ? `, ${verdicts.length} problem${verdicts.length > 1 ? "s" : ""}`
      : lossMoved(history)
        ? ", no problem found"
        : ", the loss has not moved yet";
    this.setState({
      title:
        `Gradient monitor: step ${latest?.step ?? 0}` + (last ? `, loss ${fmt(last.loss)}` : "") + status,
      steps: records.map((r) => r.step),
      grad_hist: histograms(layers, records, bins, (r, l) => r.gradients[l]),
      weight_hist: histograms(layers, records, bins, (r, l) => r.weights?.[l]),
      update_hist: histograms(layers, records, bins, (r, l) => r.updates?.[l]),
      grad_rms: layers.map((layer) => records.map((r) => r.gradients[layer]?.rms ?? 0)),
      weight_rms: layers.map((layer) => records.map((r) => r.weights?.[layer]?.rms ?? 0)),
      update_ratio: layers.map((layer) =>
        records.map((r) => {
          const ratio = r.updates?.[layer]?.ratio;
          return ratio !== undefined && Number.isFinite(ratio) ? ratio : null;
        }),
      ),
      grad_mean_abs: layers.map((layer) => latest?.gradients[layer]?.meanAbs ?? 0),
      grad_max_abs: layers.map((layer) => latest?.gradients[layer]?.maxAbs ?? 0),
      act_layers: actLayers,
      act_hist: histograms(actLayers, records, bins, (r, l) => r.activations[l]),
      act_rms: actLayers.map((layer) => records.map((r) => r.activations[layer]?.rms ?? 0)),
      act_mean: act.map((a) => a.mean),
      act_std: act.map((a) => a.std),
      act_zero_fraction: act.map((a) => a.zeroFraction),
      act_dead_fraction: act.map((a) => a.deadUnitFraction),
      act_saturated_fraction: act.map((a) => a.saturatedFraction),
      loss_steps: history.losses.map((l) => l.step),
      // JSON has no NaN: a diverged step is a gap (null) in the loss curve.
      losses: history.losses.map((l) => (Number.isFinite(l.loss) ? l.loss : null)),
      verdicts: verdicts.map((v) => ({ ...v })),
    });
  }

  protected fallbackHtml(): string {
    const s = this.state;
    const loss = lineChartSvg([{ name: "loss", x: s.loss_steps, y: s.losses }], {
      title: "loss",
      xLabel: "step",
    });
    return (
      `<div class="tslab-ml-gradient-monitor" style="font:13px sans-serif">${titleHtml(s.title)}` +
      `${headingHtml("gradients, input → output")}${tableHtml(gradientTable(s))}${loss}` +
      `${headingHtml("verdicts")}${tableHtml(verdictTable(s.verdicts))}` +
      (s.verdicts.length > 0 ? tableHtml(curesTable(s.verdicts)) : "") +
      `${headingHtml("activations on the sample")}${tableHtml(activationTable(s))}</div>`
    );
  }

  toString(): string {
    const s = this.state;
    const lines = [
      s.title,
      ...s.verdicts.map((v) => `  ${v.kind} at ${v.layer} (step ${v.step}): ${v.evidence}`),
    ];
    return lines.join("\n");
  }
}
