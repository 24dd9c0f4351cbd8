import { globMatcher } from "./glob";
import type { JsonValue } from "../jupyter/messages";

export interface HistoryEntry {
  line: number;
  input: string;
  /** text/plain of the execute result, if the cell had one. */
  output: string | null;
}

export interface HistoryRequest {
  output?: boolean;
  raw?: boolean;
  hist_access_type?: "tail" | "range" | "search";
  session?: number;
  start?: number;
  stop?: number;
  n?: number;
  pattern?: string;
  unique?: boolean;
}

/** Every session of this kernel process is session 1; there is no history across restarts. */
export const HISTORY_SESSION = 1;

/** A count or line number from a request, if it is one; anything else counts as absent. */
function whole(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) ? value : undefined;
}

/** The cells executed in this session, answering history_request (tail, range and glob search). */
export class History {
  private readonly entries: HistoryEntry[] = [];

  record(line: number, input: string): void {
    this.entries.push({ line, input, output: null });
  }

  setOutput(line: number, output: string): void {
    const entry = this.entries.find((e) => e.line === line);
    if (entry) entry.output = output;
  }

  /** Answers a history_request; its fields come from a client, so each is checked before use. */
  query(req: HistoryRequest): JsonValue[] {
    const n = whole(req.n);
    let selected: HistoryEntry[];
    switch (req.hist_access_type ?? "tail") {
      case "range": {
        const session = whole(req.session);
        if (session !== undefined && session !== HISTORY_SESSION && session !== 0) return [];
        const start = whole(req.start) ?? 1;
        const stop = whole(req.stop) ?? Number.POSITIVE_INFINITY;
        selected = this.entries.filter((e) => e.line >= start && e.line < stop);
        break;
      }
      case "search": {
        const matches = globMatcher(typeof req.pattern === "string" ? req.pattern : "*");
        selected = this.entries.filter((e) => matches(e.input));
        if (req.unique === true) {
          const seen = new Set<string>();
          // Keep the latest occurrence of each input, in order.
          selected = selected
            .reverse()
            .filter((e) => !seen.has(e.input) && (seen.add(e.input), true))
            .reverse();
        }
        if (n !== undefined) selected = selected.slice(-n);
        break;
      }
      default:
        selected = this.entries.slice(-(n ?? 10));
    }
    return selected.map((e) => [
      HISTORY_SESSION,
      e.line,
      req.output === true ? [e.input, e.output] : e.input,
    ]);
  }
}
