import type { JsonValue } from "./messages";

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

function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, "[\\s\\S]*")
    .replace(/\?/g, "[\\s\\S]");
  return new RegExp(`^${body}$`);
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

  query(req: HistoryRequest): JsonValue[] {
    let selected: HistoryEntry[];
    switch (req.hist_access_type ?? "tail") {
      case "range": {
        if (req.session !== undefined && req.session !== HISTORY_SESSION && req.session !== 0) return [];
        const start = req.start ?? 1;
        const stop = req.stop ?? Number.POSITIVE_INFINITY;
        selected = this.entries.filter((e) => e.line >= start && e.line < stop);
        break;
      }
      case "search": {
        const re = globToRegExp(req.pattern ?? "*");
        selected = this.entries.filter((e) => re.test(e.input));
        if (req.unique) {
          const seen = new Set<string>();
          // Keep the latest occurrence of each input, in order.
          selected = selected
            .reverse()
            .filter((e) => !seen.has(e.input) && (seen.add(e.input), true))
            .reverse();
        }
        if (req.n !== undefined && req.n !== null) selected = selected.slice(-req.n);
        break;
      }
      default:
        selected = this.entries.slice(-(req.n ?? 10));
    }
    return selected.map((e) => [HISTORY_SESSION, e.line, req.output ? [e.input, e.output] : e.input]);
  }
}
