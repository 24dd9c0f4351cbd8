import { errorContentOf } from "../errors/error-content";
import type { BackgroundErrorKind } from "./crash-guard";

/** How many reports wait for the next cell; beyond that only a count is kept (a timer may throw forever). */
const MAX_PENDING = 10;

/** The text shown for an error no cell caught. */
export function describeBackgroundError(kind: BackgroundErrorKind, error: unknown): string {
  const heading = kind === "uncaught exception" ? "Uncaught exception" : "Unhandled promise rejection";
  return `${heading} (the kernel keeps running):\n${errorContentOf(error).traceback.join("\n")}\n`;
}

/**
 * Errors raised while no cell was running wait here for the next cell: a frontend drops output whose
 * parent request has already finished, so printing them under the last cell would show nothing.
 */
export class PendingBackgroundErrors {
  private texts: string[] = [];
  private omitted = 0;

  add(text: string): void {
    if (this.texts.length < MAX_PENDING) this.texts.push(text);
    else this.omitted += 1;
  }

  /** Everything waiting, as one stderr text, or "" when nothing is. */
  take(): string {
    if (this.texts.length === 0) return "";
    const omitted = this.omitted ? `… and ${this.omitted} more not shown.\n` : "";
    const text = `While no cell was running:\n${this.texts.join("")}${omitted}`;
    this.texts = [];
    this.omitted = 0;
    return text;
  }
}
