import { curvesSvg, fmt, splitCurves, titleHtml, WIDGETS, type TrainingCurvesState } from "tslab-ml-protocol";
import { Widget } from "../../display/widget";

/** At most 5 redraws a second while a model trains. */
const MIN_INTERVAL_MS = 200;

/** The live view of `trainingCurves()`. */
export class TrainingCurvesWidget extends Widget<typeof WIDGETS.trainingCurves> {
  private lastUpdate = -Infinity;

  /** `now` is the clock the redraw limit reads (a test passes its own). */
  constructor(private readonly now: () => number = Date.now) {
    super(WIDGETS.trainingCurves, {
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
    return (
      `<div class="tslab-ml-training-curves" style="font:13px sans-serif">${titleHtml(s.title)}` +
      `<div style="display:flex;gap:8px;flex-wrap:wrap">${curvesSvg(splitCurves(s.epoch, s.epochs), "epoch")}</div></div>`
    );
  }

  toString(): string {
    return this.state.title;
  }
}
