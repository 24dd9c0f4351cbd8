import { extname, join } from "node:path";
import { Worker, type WorkerOptions } from "node:worker_threads";

/**
 * The path of a worker script that sits beside the calling module: `.js` when built; `.ts` when run from
 * sources (tests, benches through tsx). Pass the caller's `__filename`.
 */
export function workerScriptBeside(callerFilename: string, name: string): string {
  return join(callerFilename, "..", `${name}${extname(callerFilename)}`);
}

/** Starts `script` on a worker thread; a `.ts` script loads through tsx's require hook (a worker does not inherit `--import tsx`). */
export function spawnWorkerScript(script: string, options: WorkerOptions): Worker {
  return extname(script) === ".ts"
    ? new Worker(`require("tsx/cjs"); require(${JSON.stringify(script)});`, { ...options, eval: true })
    : new Worker(script, options);
}
