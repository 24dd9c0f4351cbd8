import { randomUUID } from "node:crypto";
import { escapeHtml } from "./html";
import { displaySession, type DisplaySession } from "./session";
import { interruptCheckpoint } from "../util/interrupt";

/** Set to "0" to silence progress output everywhere (CI logs, scripts). */
export const PROGRESS_ENV = "TSLAB_ML_PROGRESS";

export interface ProgressOptions {
  /** What is counted, plural ("images", "batches"). */
  unit?: string;
  /** false: no output at all. */
  enabled?: boolean;
}

// Quick jobs show nothing: a bar that appears and fills within a blink is noise in a cell's output.
const SHOW_AFTER_MS = 500;
const KERNEL_INTERVAL_MS = 250;
const STDERR_INTERVAL_MS = 2000;
const BAR_WIDTH = 24;

/**
 * A progress bar with ETA for a long scan. In a kernel it is one display output updated in place through
 * its display id; elsewhere (plain Node, plain tslab) it prints a line to stderr every few seconds. It
 * shows up only once the job has run for half a second. Callers must yield to the event loop now and
 * then (`yieldToEventLoop`) for a kernel to send the updates while the job runs.
 */
export class Progress {
  private readonly started = performance.now();
  private readonly session: DisplaySession | undefined;
  private readonly displayId = `tslab-ml-progress-${randomUUID()}`;
  private readonly enabled: boolean;
  private readonly unit: string;
  private done = 0;
  private shown = false;
  private finished = false;
  private lastRender = -Infinity;

  constructor(
    private readonly label: string,
    private total: number,
    options: ProgressOptions = {},
  ) {
    this.enabled = (options.enabled ?? true) && process.env[PROGRESS_ENV] !== "0";
    this.unit = options.unit ?? "items";
    this.session = displaySession();
  }

  /** Sets how much is done (absolute count); renders at a modest rate. */
  update(done: number, total = this.total): void {
    this.done = done;
    this.total = total;
    if (!this.enabled || this.finished) return;
    const now = performance.now();
    if (now - this.started < SHOW_AFTER_MS) return;
    const interval = this.session ? KERNEL_INTERVAL_MS : STDERR_INTERVAL_MS;
    if (now - this.lastRender < interval) return;
    this.lastRender = now;
    this.render(false);
  }

  /** Adds `count` to what is done. */
  advance(count = 1): void {
    this.update(this.done + count);
  }

  /** Marks the job complete; the bar (if it was shown) says so with the total time. */
  finish(): void {
    if (this.finished) return;
    this.done = this.total;
    if (this.enabled && this.shown) this.render(true);
    this.finished = true;
  }

  /** Marks the job failed; a shown bar says where it stopped. */
  fail(reason: string): void {
    if (this.finished) return;
    if (this.enabled && this.shown) this.render(true, reason);
    this.finished = true;
  }

  /** The current line of text, e.g. "Loading ▕████░░░░▏ 3,000/6,000 images (50%) 1.2 s, ETA 1.2 s". */
  describe(final = false, failure?: string): string {
    const elapsed = (performance.now() - this.started) / 1000;
    const fraction = this.total > 0 ? Math.min(1, this.done / this.total) : 0;
    const filled = Math.round(fraction * BAR_WIDTH);
    const bar = `▕${"█".repeat(filled)}${"░".repeat(BAR_WIDTH - filled)}▏`;
    const counts = `${this.done.toLocaleString("en-US")}/${this.total.toLocaleString("en-US")} ${this.unit}`;
    if (failure) return `${this.label} ${bar} ${counts}: failed after ${seconds(elapsed)}: ${failure}`;
    if (final) return `${this.label} ${bar} ${counts} in ${seconds(elapsed)}`;
    const eta = this.done > 0 ? (elapsed / this.done) * (this.total - this.done) : NaN;
    const etaText = Number.isFinite(eta) ? `, ETA ${seconds(eta)}` : "";
    return `${this.label} ${bar} ${counts} (${Math.round(fraction * 100)}%) ${seconds(elapsed)}${etaText}`;
  }

  private render(final: boolean, failure?: string): void {
    const text = this.describe(final, failure);
    if (!this.session) {
      process.stderr.write(`${text}\n`);
      this.shown = true;
      return;
    }
    const bundle = { "text/plain": text, "text/html": progressHtml(text, this.done, this.total, failure) };
    if (this.shown) this.session.updateDisplay(bundle, this.displayId);
    else this.session.display(bundle, {}, this.displayId);
    this.shown = true;
  }
}

function progressHtml(text: string, done: number, total: number, failure?: string): string {
  const percent = total > 0 ? Math.min(100, (100 * done) / total) : 0;
  const color = failure ? "#c0392b" : "#2a7ae2";
  return (
    `<div style="font:12px sans-serif;margin:2px 0">` +
    `<div style="width:240px;height:8px;background:#e6e6e6;border-radius:4px;display:inline-block;vertical-align:middle">` +
    `<div style="width:${percent.toFixed(1)}%;height:100%;background:${color};border-radius:4px"></div></div>` +
    ` <span style="vertical-align:middle">${escapeHtml(text.replace(/▕[█░]*▏ /, ""))}</span></div>`
  );
}

function seconds(s: number): string {
  if (s < 60) return `${s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  return `${m} min ${Math.round(s - m * 60)} s`;
}

/**
 * Lets pending I/O (a kernel's display updates, comm messages, Stop) go out during a long computation,
 * and is where that computation ends with an InterruptedError once the kernel was interrupted.
 */
export function yieldToEventLoop(): Promise<void> {
  return interruptCheckpoint();
}
