import { WIDGET_CLASSES, type GradientMonitorState } from "tslab-ml-widgets/dist/protocol";
import { escapeHtml } from "../display/html";
import { Widget } from "../display/widget";
import type { MonitorHistory } from "./monitor-history";
import { LOG_RANGE } from "./stats";
import type { Verdict } from "./verdicts";

const MIN_INTERVAL_MS = 200;

function emptyState(layers: string[], bins: number): GradientMonitorState {
  const [lo, hi] = LOG_RANGE;
  return {
    title: "Gradient monitor: waiting for the first training step",
    layers,
    steps: [],
    grad_edges: Array.from({ length: bins + 1 }, (_, i) => lo + ((hi - lo) * i) / bins),
    grad_hist: new Uint8Array(0),
    grad_rms: layers.map(() => []),
    grad_mean_abs: [],
    grad_max_abs: [],
    act_layers: [],
    act_mean: [],
    act_std: [],
    act_zero_fraction: [],
    act_dead_fraction: [],
    act_saturated_fraction: [],
    act_edges: [],
    act_counts: [],
    loss_steps: [],
    losses: [],
    verdicts: [],
  };
}

const fmt = (x: number): string =>
  x === 0 ? "0" : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4 ? x.toPrecision(3) : x.toExponential(2);

/** The live view of a GradientMonitor; updates at most every 200 ms while a model trains. */
export class GradientMonitorWidget extends Widget<GradientMonitorState> {
  private lastUpdate = 0;

  constructor(layers: string[], bins: number) {
    super(WIDGET_CLASSES.gradientMonitor, emptyState(layers, bins));
  }

  update(history: MonitorHistory, verdicts: Verdict[], force: boolean): void {
    const now = Date.now();
    if (!force && now - this.lastUpdate < MIN_INTERVAL_MS) return;
    this.lastUpdate = now;
    const { layers, grad_edges: edges } = this.state;
    const records = history.records;
    const bins = edges.length - 1;
    const hist = new Float32Array(layers.length * records.length * bins);
    layers.forEach((layer, l) =>
      records.forEach((r, s) => {
        const g = r.gradients[layer];
        if (!g) return;
        const total = g.count || 1;
        g.histogram.counts.forEach((c, b) => (hist[(l * records.length + s) * bins + b] = c / total));
      }),
    );
    const latest = records[records.length - 1];
    const actLayers = latest ? Object.keys(latest.activations) : [];
    const act = actLayers.map((name) => latest!.activations[name]!);
    const last = history.losses[history.losses.length - 1];
    this.setState({
      title:
        `Gradient monitor: step ${latest?.step ?? 0}` +
        (last ? `, loss ${fmt(last.loss)}` : "") +
        (verdicts.length
          ? `, ${verdicts.length} problem${verdicts.length > 1 ? "s" : ""}`
          : ", no problem found"),
      steps: records.map((r) => r.step),
      grad_hist: new Uint8Array(hist.buffer),
      grad_rms: layers.map((layer) => records.map((r) => r.gradients[layer]?.rms ?? 0)),
      grad_mean_abs: layers.map((layer) => latest?.gradients[layer]?.meanAbs ?? 0),
      grad_max_abs: layers.map((layer) => latest?.gradients[layer]?.maxAbs ?? 0),
      act_layers: actLayers,
      act_mean: act.map((a) => a.mean),
      act_std: act.map((a) => a.std),
      act_zero_fraction: act.map((a) => a.zeroFraction),
      act_dead_fraction: act.map((a) => a.deadUnitFraction),
      act_saturated_fraction: act.map((a) => a.saturatedFraction),
      act_edges: act.map((a) => a.histogram.edges),
      act_counts: act.map((a) => a.histogram.counts),
      loss_steps: history.losses.map((l) => l.step),
      // JSON has no NaN: a diverged step is a gap (null) in the loss curve.
      losses: history.losses.map((l) => (Number.isFinite(l.loss) ? l.loss : null)),
      verdicts: verdicts.map((v) => ({ ...v })),
    });
  }

  protected fallbackHtml(): string {
    const s = this.state;
    const th = 'style="text-align:left;padding:2px 8px;border-bottom:1px solid #999"';
    const td = 'style="padding:2px 8px;border-bottom:1px solid #eee"';
    const rows = s.layers
      .map((layer, i) => {
        const rms = s.grad_rms[i] ?? [];
        return (
          `<tr><td ${td}>${escapeHtml(layer)}</td><td ${td}>${fmt(s.grad_mean_abs[i] ?? 0)}</td>` +
          `<td ${td}>${fmt(s.grad_max_abs[i] ?? 0)}</td><td ${td}>${fmt(rms[rms.length - 1] ?? 0)}</td></tr>`
        );
      })
      .join("");
    const verdicts = s.verdicts.length
      ? `<ul>${s.verdicts
          .map(
            (v) =>
              `<li><b>${escapeHtml(v.kind)}</b> at ${escapeHtml(v.layer)} (step ${v.step}): ${escapeHtml(v.evidence)}` +
              `<br><i>cures:</i> ${escapeHtml(v.cures.join("; "))}</li>`,
          )
          .join("")}</ul>`
      : "<p>No vanishing, exploding, dead or saturated layer found.</p>";
    return (
      `<div class="tslab-ml-gradient-monitor" style="font:13px sans-serif"><b>${escapeHtml(s.title)}</b>` +
      `<table style="border-collapse:collapse;margin:6px 0"><tr><th ${th}>layer</th><th ${th}>mean |g|</th>` +
      `<th ${th}>max |g|</th><th ${th}>RMS</th></tr>${rows}</table>${verdicts}</div>`
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
