import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { Progress } from "../display/progress";
import { fileWriteError } from "../util/atomic-write";
import { removeStaleTemporaries, temporaryPathFor, trackTemporary } from "../util/temporary-files";

export interface DownloadOptions {
  /** Expected MD5 of the file (hex); a mismatch deletes the download and throws. */
  md5: string;
  progress?: boolean;
}

/**
 * Downloads `url` to `dest` with a progress bar, checking its MD5 before the file takes its final name:
 * an interrupted or corrupt download never looks like a good file, and its partial file is removed (on
 * SIGINT/SIGTERM too; after a kill -9, by the next download or write into that folder).
 */
export async function downloadFile(url: string, dest: string, options: DownloadOptions): Promise<void> {
  await mkdir(dirname(dest), { recursive: true }).catch((error: unknown) => {
    throw fileWriteError(dest, error);
  });
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
    throw new Error(`could not download ${url} (${cause})`);
  }
  if (!response.ok || !response.body) {
    throw new Error(
      `could not download ${url}: the server answered ${response.status} ${response.statusText}`,
    );
  }
  const total = Number(response.headers.get("content-length") ?? 0);
  const progress = new Progress(`Downloading ${url.split("/").pop() ?? url}`, total, {
    unit: "bytes",
    enabled: options.progress ?? true,
  });
  await removeStaleTemporaries(dirname(dest));
  const partial = temporaryPathFor(dest);
  const release = trackTemporary(partial);
  const hash = createHash("md5");
  const out = createWriteStream(partial, { flags: "wx" });
  const written = new Promise<void>((resolve, reject) => {
    out.once("error", (error) => reject(fileWriteError(dest, error)));
    out.once("finish", resolve);
  });
  let received = 0;
  try {
    for await (const chunk of response.body) {
      const bytes = chunk as Uint8Array;
      hash.update(bytes);
      received += bytes.length;
      progress.update(received, Math.max(total, received));
      if (!out.write(bytes)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
    }
    out.end();
    await written;
    const md5 = hash.digest("hex");
    if (md5 !== options.md5) {
      throw new Error(
        `the download of ${url} is corrupt: MD5 ${md5}, expected ${options.md5} (${received} bytes); try again`,
      );
    }
    await rename(partial, dest).catch((error: unknown) => {
      throw fileWriteError(dest, error);
    });
    progress.finish();
  } catch (error) {
    out.destroy();
    written.catch(() => undefined); // its error, if any, is the one being thrown
    await rm(partial, { force: true });
    progress.fail((error as Error).message);
    throw error;
  } finally {
    release();
  }
}
