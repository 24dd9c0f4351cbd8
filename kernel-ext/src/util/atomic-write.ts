import { open, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { removeStaleTemporaries, temporaryPathFor, trackTemporary } from "./temporary-files";

const CAUSES: Record<string, string> = {
  ENOENT: "its folder does not exist; create it first",
  ENOTDIR: "a part of the path is a file, not a folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "the file system is read-only",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is exhausted",
  EISDIR: "it is a folder",
};

/** An error of the file system, said for `path` (the file the caller asked for, not the temporary one). */
export function fileWriteError(path: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  const cause = (code && CAUSES[code]) ?? (error as Error).message;
  return new Error(`could not write ${path}: ${cause}${code ? ` (${code})` : ""}`, { cause: error });
}

/**
 * Writes `bytes` to `path` atomically: into a temporary file in the same directory (so the rename stays
 * on one file system), flushed, checked by `beforeCommit` (which sees the temporary path), then renamed
 * over `path`. On any failure, and if the process is stopped by SIGINT/SIGTERM/SIGHUP meanwhile, the
 * temporary file is removed and an existing `path` is left untouched; what a kill -9 leaves behind is
 * removed by the next write into that folder. File system errors name `path` and what to do.
 */
export async function writeFileAtomically(
  path: string,
  bytes: Uint8Array,
  beforeCommit?: (temporaryPath: string) => Promise<void>,
): Promise<void> {
  await removeStaleTemporaries(dirname(path));
  const temporary = temporaryPathFor(path);
  const release = trackTemporary(temporary);
  try {
    try {
      const handle = await open(temporary, "wx");
      try {
        await handle.writeFile(bytes);
        await handle.sync();
      } finally {
        await handle.close();
      }
    } catch (error) {
      throw fileWriteError(path, error);
    }
    if (beforeCommit) await beforeCommit(temporary);
    await rename(temporary, path).catch((error: unknown) => {
      throw fileWriteError(path, error);
    });
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    release();
  }
}
