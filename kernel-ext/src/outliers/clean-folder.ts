import { constants } from "node:fs";
import { copyFile, link, lstat, mkdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import type { ImageDataset, ImageMeta } from "../data/image-dataset";
import { yieldToEventLoop } from "../display/progress";
import { encodePng } from "../display/png";
import { removeStaleTemporaries, temporaryPathFor, trackTemporary } from "../util/temporary-files";

export interface WriteCleanFolderOptions {
  /** Replace `dir` when it exists (default false: an existing folder is an error, never merged into). */
  overwrite?: boolean;
}

/** What writeCleanFolder wrote. */
export interface CleanFolderSummary {
  dir: string;
  /** Images written (kept ones). */
  written: number;
  /** Of those, hard links to the source file (no bytes copied). */
  linked: number;
  /** Of those, copies of the source file (another file system, or links refused). */
  copied: number;
  /** Of those, PNGs encoded from the dataset's pixels (images that have no file of their own). */
  encoded: number;
  /** Images left out (excluded). */
  excluded: number;
  /** Images written under a new class folder. */
  relabeled: number;
  /**
   * Images written under another name than their source file's: names that are not valid UTF-8 (each such
   * byte written as %XX) and names already taken in their class folder (a -2, -3… suffix).
   */
  renamed: { path: string; as: string }[];
}

interface CleanFolderPlan {
  ds: ImageDataset;
  excluded: ReadonlySet<number>;
  relabeled: ReadonlyMap<number, number>;
}

/** A class name as one safe folder name: path separators, NUL and dot-only names can't escape the folder. */
export function classFolderName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const cleaned = name.replace(/[/\\\u0000-\u001f]/g, "_").trim();
  return cleaned === "" || /^\.+$/.test(cleaned) ? `_${cleaned}` : cleaned;
}

/**
 * A file name's bytes as text that names them exactly: UTF-8 sequences as they are, every other byte as %XX
 * (so a name from another encoding, e.g. Latin-1 "caf\xe9.png", is written as "caf%E9.png").
 */
export function saneFileName(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i] as number;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    const chunk = bytes.subarray(i, i + length);
    const text = length ? Buffer.from(chunk).toString("utf8") : "";
    // Decoding and encoding again gives the same bytes only for a valid sequence (no overlong form, surrogate).
    if (length && chunk.length === length && Buffer.from(text, "utf8").equals(chunk)) {
      out += text;
      i += length;
    } else {
      out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
      i += 1;
    }
  }
  return out;
}

/** The image's own file: what opens it (its path, or its bytes for a name that is not UTF-8) and its name. */
interface SourceFile {
  open: string | Buffer;
  name: string;
}

/**
 * The image's own file, or undefined for an in-memory image (an IDX row or a tensor: its path ends in
 * `#<row>`). A file that was loaded but is gone now is an error, not a silent re-encoding.
 */
async function sourceFile(meta: ImageMeta): Promise<SourceFile | undefined> {
  const bytes = meta.pathBytes ? Buffer.from(meta.pathBytes) : undefined;
  const open = bytes ?? meta.path;
  const info = await stat(open).catch(() => undefined);
  if (info?.isFile()) {
    const slash = bytes ? bytes.lastIndexOf(0x2f) : -1;
    return { open, name: bytes ? saneFileName(bytes.subarray(slash + 1)) : basename(meta.path) };
  }
  if (!bytes && /#\d+$/.test(meta.path)) return undefined;
  throw new Error(info ? `${meta.path} is not a regular file` : `${meta.path} no longer exists`);
}

/**
 * Writes the kept images of `ds` (all but `excluded`) as `dir/<class>/<file>`, each under its new class when
 * `relabeled` has one. Atomic: everything goes into a hidden sibling folder that is renamed to `dir` at the
 * end, so `dir` is either absent or complete; on any failure the temporary folder is removed. Source files
 * are never modified: hard links where the file system allows (a link is the same inode — the source is only
 * read), else copies; images without a file of their own are encoded as PNG.
 */
export async function writeCleanFolder(
  plan: CleanFolderPlan,
  dir: string,
  options: WriteCleanFolderOptions = {},
): Promise<CleanFolderSummary> {
  if (typeof dir !== "string" || dir.trim() === "")
    throw new TypeError("writeCleanFolder: give the folder to write, e.g. report.writeCleanFolder('clean')");
  const target = resolve(dir);
  const { ds, excluded, relabeled } = plan;
  for (let i = 0; i < ds.length; i++) {
    const source = resolve(ds.meta(i).path);
    if (source === target || !relative(target, source).startsWith("..")) {
      throw new Error(
        `writeCleanFolder: ${target} holds the dataset's own images (${source}); write the clean copy elsewhere`,
      );
    }
  }
  const exists = await lstat(target).catch(() => undefined);
  if (exists && !options.overwrite) {
    throw new Error(
      `writeCleanFolder: ${target} already exists; choose a new folder or pass { overwrite: true } to replace it`,
    );
  }
  await mkdir(dirname(target), { recursive: true });
  await removeStaleTemporaries(dirname(target));
  const temporary = temporaryPathFor(target);
  const release = trackTemporary(temporary);
  const summary: CleanFolderSummary = {
    dir: target,
    written: 0,
    linked: 0,
    copied: 0,
    encoded: 0,
    excluded: 0,
    relabeled: 0,
    renamed: [],
  };
  try {
    await mkdir(temporary);
    const folders = ds.classNames.map(classFolderName);
    const used = folders.map(() => new Set<string>());
    for (const folder of new Set(folders)) await mkdir(join(temporary, folder));
    for (let i = 0; i < ds.length; i++) {
      if (excluded.has(i)) {
        summary.excluded++;
        continue;
      }
      const label = relabeled.get(i) ?? ds.label(i);
      if (relabeled.has(i) && relabeled.get(i) !== ds.label(i)) summary.relabeled++;
      const meta = ds.meta(i);
      const source = await sourceFile(meta);
      const wanted = source ? source.name : `${String(i).padStart(6, "0")}.png`;
      const name = uniqueName(wanted, used[label] as Set<string>);
      const out = join(temporary, folders[label] as string, name);
      if (source) {
        if (name !== basename(meta.path) || meta.pathBytes)
          summary.renamed.push({ path: meta.path, as: `${folders[label]}/${name}` });
        try {
          await link(source.open, out);
          summary.linked++;
        } catch {
          await copyFile(source.open, out, constants.COPYFILE_EXCL);
          summary.copied++;
        }
      } else {
        const [height, width, channels] = ds.imageShape;
        await writeFile(out, encodePng(ds.pixels(i), width, height, channels as 1 | 3), { flag: "wx" });
        summary.encoded++;
      }
      summary.written++;
      if (summary.written % 256 === 0) await yieldToEventLoop();
    }
    if (exists) {
      // The old folder steps aside before the new one takes its name, and goes only once that has happened.
      const old = `${temporary}.old`;
      await rename(target, old);
      await rename(temporary, target).catch(async (error: unknown) => {
        await rename(old, target);
        throw error;
      });
      await rm(old, { recursive: true, force: true });
    } else await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    throw new Error(`writeCleanFolder: could not write ${target}: ${(error as Error).message}`, {
      cause: error,
    });
  } finally {
    release();
  }
  return summary;
}

/** `name`, or `name-2.ext`, `name-3.ext`… when a file of that name is already in the folder. */
function uniqueName(name: string, used: Set<string>): string {
  let candidate = name;
  const ext = extname(name);
  for (let k = 2; used.has(candidate); k++)
    candidate = `${name.slice(0, name.length - ext.length)}-${k}${ext}`;
  used.add(candidate);
  return candidate;
}
