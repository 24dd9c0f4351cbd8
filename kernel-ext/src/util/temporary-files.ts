import { randomBytes } from "node:crypto";
import { readdir, rm, stat } from "node:fs/promises";
import { rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";

// Temporary files and folders of this process: removed when it exits, and when a signal that would
// kill it arrives (SIGINT, SIGTERM, SIGHUP). A kill -9 cannot be caught: what it leaves is swept by
// the next write into that folder (removeStaleTemporaries).

const tracked = new Set<string>();
const SIGNALS: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

function removeTracked(): void {
  for (const path of tracked) {
    try {
      rmSync(path, { recursive: true, force: true });
    } catch {
      // Exiting: nothing more can be done about a file that will not go.
    }
  }
  tracked.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  // Another listener (the kernel turns SIGINT into an interrupt) means the process lives on: the
  // interrupted write fails and removes its own file. Alone, we clean up and die of the signal as Node
  // would have without us (same exit status).
  if (process.listenerCount(signal) > 1) return;
  removeTracked();
  detach();
  process.kill(process.pid, signal);
}

function attach(): void {
  for (const signal of SIGNALS) process.on(signal, onSignal);
  process.on("exit", removeTracked);
}

function detach(): void {
  for (const signal of SIGNALS) process.off(signal, onSignal);
  process.off("exit", removeTracked);
}

/**
 * Registers a temporary file or folder for removal if the process exits or is killed by a catchable
 * signal before `release` is called (call it once the path is renamed away or removed).
 */
export function trackTemporary(path: string): () => void {
  if (tracked.size === 0) attach();
  tracked.add(path);
  return () => {
    if (tracked.delete(path) && tracked.size === 0) detach();
  };
}

// `.<target name>.<pid>.<12 hex>.tmp`: hidden, beside the target (same file system for the rename), with
// the writer's pid so that another process can tell a crashed writer's file from a live one's.
const TEMPORARY_NAME = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;
/** A temporary file this old is stale even if a process with its writer's pid runs (a reused pid). */
export const STALE_AFTER_MS = 60 * 60 * 1000;

/** The temporary path a write to `path` goes through. */
export function temporaryPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

/**
 * Removes the temporary files a crashed writer left in `dir` (named as temporaryPathFor names them):
 * those whose writer process is gone, and any older than STALE_AFTER_MS. A live writer's file is left
 * alone, so concurrent writes into one folder do not break each other. Returns the paths removed.
 */
export async function removeStaleTemporaries(dir: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return []; // no folder: the write itself reports it
  }
  const removed: string[] = [];
  for (const name of names) {
    const match = TEMPORARY_NAME.exec(name);
    if (!match) continue;
    const path = join(dir, name);
    const pid = Number(match[1]);
    try {
      const ours = pid === process.pid;
      const writerGone = ours ? !tracked.has(path) : !isRunning(pid);
      if (!writerGone && Date.now() - (await stat(path)).mtimeMs < STALE_AFTER_MS) continue;
      await rm(path, { recursive: true, force: true }); // a folder written as a whole is one too
      removed.push(path);
    } catch {
      // Gone meanwhile, or not ours to remove: neither stops the write.
    }
  }
  return removed;
}
