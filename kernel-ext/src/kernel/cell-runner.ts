import { format } from "node:util";
import { isCompleteCode, type Converter } from "tslab/dist/converter";
import { createExecutor, type Executor } from "tslab/dist/executor";
import { printQuickInfo } from "tslab/dist/inspect";
import { compileErrorContent, errorContentOf } from "../errors/error-content";
import { runInterruptible } from "../util/interrupt";
import type { ErrorContent } from "../jupyter/messages";
import { asTypeQuery, inspectTarget, typeFieldsText } from "./inspect-target";
import { leanCreateConverter } from "./lean-converter";
import { breakOnSigint } from "./sigint-breakable";
import { expandShorthandProperties } from "./shorthand";
import { tslabTypeScript } from "./tslab-typescript";

export type CellOutcome =
  { status: "ok"; hasValue: boolean; value: unknown } | { status: "error"; error: ErrorContent };

export interface Completion {
  matches: string[];
  cursorStart: number;
  cursorEnd: number;
}

/** Runs cells of TypeScript, keeping declarations between cells. The kernel's only view of the language. */
export interface CellRunner {
  run(code: string): Promise<CellOutcome>;
  complete(code: string, cursorPos: number): Completion;
  inspect(code: string, cursorPos: number): string | undefined;
  isComplete(code: string): { status: "complete" | "incomplete"; indent?: string };
  /**
   * Sets the compiler up now (TypeScript reads its standard library and Node's types: about a second)
   * rather than at the first cell, e.g. while the backend starts.
   */
  warmUp(): void;
  /**
   * Interrupts the running cell: its work stops at the next checkpoint (a training batch, a helper's
   * loop) and the cell ends with an Interrupted error; awaits with no checkpoint are cut loose after
   * INTERRUPT_GRACE_MS. Synchronous code is stopped by SIGINT itself.
   */
  interrupt(): void;
  close(): void;
}

interface WatchSys {
  watchDirectory?: (...args: unknown[]) => { close(): void };
}

let directoryWatchQuieted = false;

/**
 * tslab's converter keeps a single fake timer slot and throws "Unexpected pending rebuildTimer" when
 * TypeScript's directory watchers (failed module lookups, type roots) schedule a second timer — which
 * happens when files appear next to the notebook or under node_modules while the kernel idles, and leaves
 * every later cell failing. Directory watching only serves to notice newly installed packages: without it
 * they are seen after a kernel restart, and edits to existing files are still picked up.
 */
function quietDirectoryWatching(): void {
  if (directoryWatchQuieted) return;
  directoryWatchQuieted = true;
  const ts = tslabTypeScript<{ sys: WatchSys }>();
  ts.sys.watchDirectory = () => ({ close() {} });
}

/**
 * How long an interrupted cell gets to unwind through its checkpoints (so it ends with everything it
 * started stopped) before tslab's executor stops waiting for it. Work cut loose still stops at its next
 * checkpoint: the cell's interrupt signal stays aborted.
 */
export const INTERRUPT_GRACE_MS = 1000;

/**
 * Compiling a cell is stoppable by SIGINT like running it: tslab's executor compiles and runs a cell in one
 * synchronous stretch, so a Stop pressed during a long compile would otherwise be lost to the cell's code.
 * A compile cut short leaves TypeScript's watch program half-updated (tslab's one timer slot stays taken),
 * so that converter is dropped and the next cell compiles on a fresh one.
 */
function stoppableCompiles(converter: Converter, onBroken: () => void): Converter {
  const convert = converter.convert.bind(converter);
  converter.convert = (prevDecl, src) => {
    try {
      return breakOnSigint(() => convert(prevDecl, src));
    } catch (e) {
      onBroken();
      converter.close();
      throw e;
    }
  };
  return converter;
}

/** tslab's converter pair (on the lean builder), created lazily like tslab does (the browser one is rarely needed). */
class Converters {
  private nodeConverter: Converter | undefined;
  private browserConverter: Converter | undefined;
  get node(): Converter {
    return (this.nodeConverter ??= stoppableCompiles(
      leanCreateConverter()({ isJS: false, isBrowser: false }),
      () => (this.nodeConverter = undefined),
    ));
  }
  get browser(): Converter {
    return (this.browserConverter ??= stoppableCompiles(
      leanCreateConverter()({ isJS: false, isBrowser: true }),
      () => (this.browserConverter = undefined),
    ));
  }
  close(): void {
    this.nodeConverter?.close();
    this.browserConverter?.close();
  }
}

/**
 * tslab's executor (reused, not forked) with its console seam captured: tslab logs a cell's last value with
 * `console.log(value)` and its failures with `console.error(...)`; here they become a value and an error.
 */
export function createTslabRunner(rootDir: string): CellRunner {
  quietDirectoryWatching();
  let capture: { value: unknown; hasValue: boolean; thrown: unknown[]; diagnostics: string[] } | undefined;
  const converters = new Converters();
  const executor: Executor = createExecutor(rootDir, converters, {
    log(value: unknown) {
      if (capture) {
        capture.value = value;
        capture.hasValue = true;
      }
    },
    error(...args: unknown[]) {
      if (!capture) return;
      // Diagnostics come as ("%s%d:%d - %s", file, line, col, text); thrown values alone.
      if (args.length > 1 && typeof args[0] === "string" && args[0].startsWith("%s%d:%d")) {
        capture.diagnostics.push(format(...args));
      } else {
        capture.thrown.push(args[0]);
      }
    },
  });

  let running: { interrupt: AbortController; grace?: NodeJS.Timeout } | undefined;

  return {
    async run(code) {
      capture = { value: undefined, hasValue: false, thrown: [], diagnostics: [] };
      const current = capture;
      const cell = { interrupt: new AbortController() } as NonNullable<typeof running>;
      running = cell;
      let ok: boolean;
      try {
        ok = await runInterruptible(cell.interrupt.signal, () =>
          executor.execute(expandShorthandProperties(code)),
        );
      } catch (e) {
        ok = false;
        current.thrown.push(e);
      } finally {
        capture = undefined;
        clearTimeout(cell.grace);
        if (running === cell) running = undefined;
      }
      if (ok) return { status: "ok", hasValue: current.hasValue, value: current.value };
      if (current.diagnostics.length > 0)
        return { status: "error", error: compileErrorContent(current.diagnostics) };
      return { status: "error", error: errorContentOf(current.thrown[0] ?? new Error("the cell failed")) };
    },
    complete(code, cursorPos) {
      const info = executor.complete(code, cursorPos);
      return { matches: info.candidates, cursorStart: info.start, cursorEnd: info.end };
    },
    inspect(code, cursorPos) {
      let info = executor.inspect(code, inspectTarget(code, cursorPos));
      let infoCode = code;
      const typeQuery = info?.kind ? undefined : asTypeQuery(code, cursorPos);
      if (typeQuery) {
        const asType = executor.inspect(typeQuery.code, typeQuery.position);
        if (asType?.kind) [info, infoCode] = [asType, typeQuery.code];
      }
      if (!info) return undefined;
      const fields = typeFieldsText(executor, infoCode, info);
      return fields ? `${printQuickInfo(info)}\n\n${fields}` : printQuickInfo(info);
    },
    warmUp() {
      void converters.node;
    },
    isComplete(code) {
      const result = isCompleteCode(code);
      return result.completed
        ? { status: "complete" }
        : { status: "incomplete", indent: result.indent ?? "" };
    },
    interrupt() {
      const cell = running;
      if (!cell) return;
      // A second Stop does not wait for checkpoints.
      if (cell.interrupt.signal.aborted) return executor.interrupt();
      cell.interrupt.abort();
      cell.grace = setTimeout(() => {
        if (running === cell) executor.interrupt();
      }, INTERRUPT_GRACE_MS);
    },
    close() {
      executor.close();
    },
  };
}
