export type BackgroundErrorKind = "uncaught exception" | "unhandled promise rejection";

/** Thrown by `process.exit()` / `process.abort()` called from a cell: the kernel process is not the cell's. */
export class ExitRefusedError extends Error {
  override name = "ExitRefused";
  constructor(call: string) {
    super(
      `${call} was refused: it would end the kernel and lose every variable of this notebook. ` +
        "To stop a cell, throw an error (or press Stop); to start afresh, use Kernel › Restart.",
    );
  }
}

export interface ProcessGuard {
  /** The real `process.exit`, for the kernel's own shutdown. */
  exit(code: number): never;
  /** Puts back what the guard replaced (tests). */
  release(): void;
}

/**
 * Keeps errors thrown outside any cell (a timer that throws after its cell ended, a promise nobody awaits)
 * from killing the kernel, and refuses `process.exit()` from cells.
 *
 * Uncaught exceptions go through `process.setUncaughtExceptionCaptureCallback`, which replaces the
 * `uncaughtException` event entirely: libraries that add their own listener after the kernel (the tfjs wasm
 * backend's re-throws, which aborts the process) are never called. Unhandled rejections have no such hook,
 * so the guard listens first; a later listener that re-throws turns the rejection into an uncaught exception,
 * which the capture callback recognises and does not report twice.
 */
export function guardProcess(report: (kind: BackgroundErrorKind, error: unknown) => void): ProcessGuard {
  // A rejection re-thrown by a library listener reaches the capture callback in the same turn: report it once.
  let recent: { error: unknown } | undefined;
  const once = (kind: BackgroundErrorKind, error: unknown): void => {
    if (recent && Object.is(recent.error, error)) return;
    recent = { error };
    setImmediate(() => (recent = undefined)).unref();
    try {
      report(kind, error);
    } catch {
      // Reporting must never become the next uncaught exception.
    }
  };

  const onRejection = (reason: unknown): void => once("unhandled promise rejection", reason);
  process.setUncaughtExceptionCaptureCallback((error) => once("uncaught exception", error));
  process.prependListener("unhandledRejection", onRejection);

  const realExit = process.exit.bind(process);
  const realAbort = process.abort.bind(process);
  process.exit = ((code?: number | string | null) => {
    throw new ExitRefusedError(`process.exit(${code ?? ""})`);
  }) as typeof process.exit;
  process.abort = (() => {
    throw new ExitRefusedError("process.abort()");
  }) as typeof process.abort;

  return {
    exit: (code) => realExit(code),
    release: () => {
      process.setUncaughtExceptionCaptureCallback(null);
      process.removeListener("unhandledRejection", onRejection);
      process.exit = realExit;
      process.abort = realAbort;
    },
  };
}
