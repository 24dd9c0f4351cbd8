import { format } from "node:util";
import { isCompleteCode } from "tslab/dist/converter";
import { createExecutor, type Executor } from "tslab/dist/executor";
import { printQuickInfo } from "tslab/dist/inspect";
import { compileErrorContent, errorContentOf } from "../errors/error-content";
import { runInterruptible } from "../util/interrupt";
import type { ErrorContent } from "../jupyter/messages";
import { asTypeQuery, inspectTarget, typeFieldsText } from "./inspect-target";
import { startRemoteConverter, type RemoteConverter } from "./compile-worker";
import { breakOnSigint } from "./sigint-breakable";
import { expandShorthandProperties } from "./shorthand";

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
   * Sets the compiler up now, on its own thread (TypeScript reads its standard library and the type
   * roots: a second or two), rather than at the first cell; and compiles `firstCell` ahead if given (the
   * kernel's prelude). Returns at once: this thread is free meanwhile.
   */
  warmUp(firstCell?: string): void;
  /**
   * Interrupts the running cell: its work stops at the next checkpoint (a training batch, a helper's
   * loop) and the cell ends with an Interrupted error; awaits with no checkpoint are cut loose after
   * INTERRUPT_GRACE_MS. Synchronous code is stopped by SIGINT itself.
   */
  interrupt(): void;
  close(): void;
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
 * The compile itself runs on the converter's thread; what SIGINT stops is this thread's wait for it. The
 * abandoned compile may still run there, so that converter is dropped and the next cell compiles on a
 * fresh one.
 */
function stoppableCompiles(converter: RemoteConverter): RemoteConverter {
  const convert = converter.convert.bind(converter);
  converter.convert = (prevDecl, src) => {
    try {
      return breakOnSigint(() => convert(prevDecl, src));
    } catch (e) {
      converter.close();
      throw e;
    }
  };
  return converter;
}

export interface CellRunnerOptions {
  /** A module the compile thread loads before it sets TypeScript up (tests hook the compiler with it). */
  compilerPreload?: string;
  /** The Node-mode converter, already started (its thread warms up while the kernel loads). */
  compiler?: RemoteConverter;
}

/**
 * tslab's converter pair, each on its own compile thread, created lazily like tslab does (the browser one
 * is rarely needed). A converter closed after a failed compile, or whose thread ended, is replaced.
 */
class Converters {
  private nodeConverter: RemoteConverter | undefined;
  private browserConverter: RemoteConverter | undefined;
  constructor(private readonly options: CellRunnerOptions) {
    if (options.compiler) this.nodeConverter = stoppableCompiles(options.compiler);
  }
  get node(): RemoteConverter {
    if (this.nodeConverter?.closed) this.nodeConverter = undefined;
    return (this.nodeConverter ??= stoppableCompiles(
      startRemoteConverter({ isBrowser: false, preload: this.options.compilerPreload }),
    ));
  }
  get browser(): RemoteConverter {
    if (this.browserConverter?.closed) this.browserConverter = undefined;
    return (this.browserConverter ??= stoppableCompiles(
      startRemoteConverter({ isBrowser: true, preload: this.options.compilerPreload }),
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
export function createTslabRunner(rootDir: string, options: CellRunnerOptions = {}): CellRunner {
  let capture: { value: unknown; hasValue: boolean; thrown: unknown[]; diagnostics: string[] } | undefined;
  const converters = new Converters(options);
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
    warmUp(firstCell) {
      const converter = converters.node;
      if (firstCell !== undefined) converter.prepare("", expandShorthandProperties(firstCell));
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
