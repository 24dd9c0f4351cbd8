import { randomBytes } from "node:crypto";
import { open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes `bytes` to `path` atomically: into a temporary file in the same directory (so the rename stays
 * on one file system), flushed, checked by `beforeCommit` (which sees the temporary path), then renamed
 * over `path`. On any failure the temporary file is removed and an existing `path` is left untouched.
 */
export async function writeFileAtomically(
  path: string,
  bytes: Uint8Array,
  beforeCommit?: (temporaryPath: string) => Promise<void>,
): Promise<void> {
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`,
  );
  try {
    const handle = await open(temporary, "wx");
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (beforeCommit) await beforeCommit(temporary);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
