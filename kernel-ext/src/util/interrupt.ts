import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Thrown at a checkpoint of long work (a training batch, a prediction batch, a file of a folder) once the
 * kernel was interrupted (JupyterLab's Stop, SIGINT or an interrupt_request): the cell ends with it and the
 * work it started stops there. The model keeps the weights it trained so far and can be trained again.
 */
export class InterruptedError extends Error {
  constructor(message = "Interrupted") {
    super(message);
    this.name = "InterruptedError";
  }
}

/** True for an InterruptedError, also one thrown by another copy of this package. */
export function isInterruptedError(error: unknown): error is InterruptedError {
  return error instanceof Error && error.name === "InterruptedError";
}

interface InterruptState {
  cells: AsyncLocalStorage<AbortSignal>;
}

// One state per process even if two copies of tslab-ml are loaded (the kernel's and one a notebook
// resolves from its own node_modules): the kernel interrupts what either copy's loops check.
const STATE_KEY = Symbol.for("tslab-ml.interrupt");

function state(): InterruptState {
  const holder = globalThis as { [STATE_KEY]?: InterruptState };
  return (holder[STATE_KEY] ??= { cells: new AsyncLocalStorage<AbortSignal>() });
}

/**
 * Runs `fn` (the kernel runs each cell this way) so that every piece of work it starts — awaited or not,
 * timers and callbacks included — sees `signal` as its interrupt signal.
 */
export function runInterruptible<T>(signal: AbortSignal, fn: () => T): T {
  return state().cells.run(signal, fn);
}

/** The interrupt signal of the cell this code runs for; undefined outside a kernel cell (plain Node). */
export function interruptSignal(): AbortSignal | undefined {
  return state().cells.getStore();
}

/**
 * A checkpoint for loops that run long: throws an InterruptedError when the cell this code belongs to was
 * interrupted. Costs a property read; outside a kernel it never throws. `what` names the work stopped,
 * e.g. `throwIfInterrupted("collectPredictions")`.
 * @example for (let step = 0; step < 1000; step++) { throwIfInterrupted("my loop"); await trainStep(); }
 */
export function throwIfInterrupted(what?: string): void {
  if (interruptSignal()?.aborted)
    throw new InterruptedError(what ? `Interrupted: ${what} stopped` : "Interrupted");
}

/**
 * Lets the event loop run (the kernel reads Stop, interrupt requests and widget messages then) and then
 * checks for an interrupt: `await interruptCheckpoint()` once per batch or every few dozen files.
 */
export async function interruptCheckpoint(what?: string): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
  throwIfInterrupted(what);
}
