import { Script } from "node:vm";

// A global slot because only code evaluated by the script itself runs under its SIGINT watchdog.
const SLOT = "__tslabMlSigintBreakable";
const callSlot = new Script(`globalThis.${SLOT}()`, { filename: "tslab-ml-sigint-breakable" });

/**
 * Runs synchronous `work` so that a SIGINT arriving meanwhile stops it with Node's "Script execution was
 * interrupted by `SIGINT`" error. Without this, a SIGINT that lands while a cell compiles is queued for the
 * kernel's SIGINT listener, which cannot run before the cell's synchronous code ends — and never does if that
 * code is an endless loop.
 */
export function breakOnSigint<T>(work: () => T): T {
  const holder = globalThis as { [SLOT]?: () => void };
  let result: { value: T } | undefined;
  holder[SLOT] = () => {
    result = { value: work() };
  };
  try {
    callSlot.runInThisContext({ breakOnSigint: true });
  } finally {
    delete holder[SLOT];
  }
  if (!result) throw new Error("breakOnSigint: the work did not run");
  return result.value;
}
