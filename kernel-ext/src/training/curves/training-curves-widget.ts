import { WIDGET_CLASSES, type TrainingCurvesState } from "tslab-ml-widgets/dist/protocol";
import { escapeHtml } from "../../display/html";
import { Widget } from "../../display/widget";
import { curvesSvg } from "../capacity-widget";

/** At most 5 redraws a second while a model trains. */
const MIN_INTERVAL_MS = 200;

const fmt = (x: number | null | undefined): string =>
  x === null || x === undefined
    ? "–"
    : Math.abs(x) >= 1e-3 && Math.abs(x) < 1e4
      ? x.toPrecision(4)
      : x.toExponential(2);

/** The live view of `trainingCurves()`. */
export class TrainingCurvesWidget extends Widget<TrainingCurvesState> {
  private lastUpdate = -Infinity;

  /** `now` is the clock the redraw limit reads (a test passes its own). */
  constructor(private readonly now: () => number = Date.now) {
    super(WIDGET_CLASSES.trainingCurves, {
      title: "Training curves: waiting for model.fit",
      batch_x: [],
      batch: {},
      epochs: [],
      epoch: {},
      total_epochs: null,
      done: false,
    });
  }

  /** Sends the state to live views unless one was sent under 200 ms ago (`force` at the end of training). */
  update(state: Omit<TrainingCurvesState, "title">, force: boolean): void {
    const now = this.now();
    if (!force && now - this.lastUpdate < MIN_INTERVAL_MS) return;
    this.lastUpdate = now;
    const last = (key: string): number | null | undefined => state.epoch[key]?.[state.epoch[key]!.length - 1];
    const n = state.epochs.length;
    const keys = Object.keys(state.epoch);
    const summary = [
      ...keys.filter((k) => !k.startsWith("val_")),
      ...keys.filter((k) => k.startsWith("val_")),
    ]
      .map((k) => `${k} ${fmt(last(k))}`)
      .join(", ");
    const progress = state.total_epochs ? `epoch ${n} of ${state.total_epochs}` : `epoch ${n}`;
    this.setState({
      ...state,
      title: `Training curves: ${state.done ? "done, " : ""}${progress}${summary ? ` — ${summary}` : ""}`,
    });
  }

  protected fallbackHtml(): string {
    const s = this.state;
    const curves = Object.fromEntries(
      Object.entries(s.epoch).map(([k, v]) => [k, v.map((x) => (x === null ? NaN : x))]),
    );
    const lossKeys = Object.keys(curves).filter((k) => k.includes("loss"));
    const metricKeys = Object.keys(curves).filter((k) => !k.includes("loss"));
    return (
      `<div class="tslab-ml-training-curves" style="font:13px sans-serif"><b>${escapeHtml(s.title)}</b>` +
      `<div style="display:flex;gap:8px;flex-wrap:wrap">${curvesSvg(curves, lossKeys)}` +
      `${metricKeys.length ? curvesSvg(curves, metricKeys) : ""}</div></div>`
    );
  }

  toString(): string {
    return this.state.title;
  }
}
