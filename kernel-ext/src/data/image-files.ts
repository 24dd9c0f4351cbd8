import type { Dirent, Stats } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import { extname, relative, sep } from "node:path";
import { yieldToEventLoop } from "../display/progress";
import type { SkippedFile } from "./image-dataset";

/** File extensions loadImageFolder decodes (through sharp). */
export const IMAGE_EXTENSIONS: readonly string[] = [
  ".png",
  ".jpg",
  ".jpeg",
  ".webp",
  ".gif",
  ".tif",
  ".tiff",
  ".avif",
];

export interface LabelledFile {
  /** The path as text (bytes that are not UTF-8 shown as U+FFFD): what meta and messages show. */
  path: string;
  /** The path as bytes: what the file is opened by, so a name that is not UTF-8 still opens. */
  fsPath: Buffer;
  label: number;
}

export interface FolderListing {
  classNames: string[];
  files: LabelledFile[];
  /** Entries that are not candidate images (wrong extension, not a regular file, a link loop, …). */
  skipped: SkippedFile[];
}

const DOT = 0x2e;
const SEPARATOR = Buffer.from(sep);
const isHidden = (name: Buffer): boolean => name[0] === DOT;
const joinBytes = (dir: Buffer, name: Buffer): Buffer =>
  Buffer.concat(dir.at(-1) === SEPARATOR[0] ? [dir, name] : [dir, SEPARATOR, name]);
// Byte order of UTF-8 names is code-point order: the same on every OS.
const byName = (a: Dirent<Buffer>, b: Dirent<Buffer>): number => Buffer.compare(a.name, b.name);
// Directory entries handled between two yields to the event loop (a listing of 100,000 files takes ~1 s).
const YIELD_EVERY = 512;

async function isDirectory(path: string | Buffer): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** What a non-regular file is, for the reason it is skipped. */
function kindOf(entry: Dirent<Buffer> | Stats): string {
  if (entry.isFIFO()) return "a named pipe (FIFO)";
  if (entry.isSocket()) return "a socket";
  if (entry.isCharacterDevice()) return "a character device";
  if (entry.isBlockDevice()) return "a block device";
  return "not a file or folder";
}

/**
 * One walk over the class folders. Symbolic links are followed once per real path: a link back into the
 * tree (a loop) or a second way to a folder or file already listed is skipped with its reason, so no file
 * is loaded twice and no walk is endless. Keys are real paths as latin1 strings (one char per byte).
 */
class FolderWalk {
  readonly files: { fsPath: Buffer; path: string }[] = [];
  readonly skipped: SkippedFile[] = [];
  private readonly folders = new Set<string>();
  private readonly realFiles = new Map<string, string>();
  private entries = 0;

  /** Marks a folder as entered; false when it was already (a loop, or a second link to it). */
  enter(real: Buffer): boolean {
    const key = real.toString("latin1");
    if (this.folders.has(key)) return false;
    this.folders.add(key);
    return true;
  }

  /** Every regular file under `dir` (whose real path is `real`), recursively, in sorted order. */
  async walk(dir: Buffer, real: Buffer): Promise<void> {
    const entries = (await readdir(dir, { withFileTypes: true, encoding: "buffer" }))
      .filter((entry) => !isHidden(entry.name))
      .sort(byName);
    for (const entry of entries) {
      if (++this.entries % YIELD_EVERY === 0) await yieldToEventLoop();
      await this.visit(joinBytes(dir, entry.name), entry, joinBytes(real, entry.name));
    }
  }

  private async visit(fsPath: Buffer, entry: Dirent<Buffer>, realIfNotLink: Buffer): Promise<void> {
    const path = fsPath.toString();
    let kind: Dirent<Buffer> | Stats = entry;
    let real = realIfNotLink;
    if (entry.isSymbolicLink()) {
      try {
        real = await realpath(fsPath, { encoding: "buffer" });
        kind = await stat(fsPath);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        const why = code === "ELOOP" ? "a symbolic link loop" : `a broken symbolic link (${code ?? error})`;
        this.skipped.push({ path, reason: why });
        return;
      }
    }
    if (kind.isDirectory()) {
      if (this.enter(real)) await this.walk(fsPath, real);
      else
        this.skipped.push({
          path,
          reason: "a folder already listed (a symbolic link back into the tree, or a second link to it)",
        });
    } else if (kind.isFile()) {
      const key = real.toString("latin1");
      const first = this.realFiles.get(key);
      if (first === undefined) {
        this.realFiles.set(key, path);
        this.files.push({ fsPath, path });
      } else this.skipped.push({ path, reason: `the same file as ${first} (reached again through a link)` });
    } else {
      this.skipped.push({
        path,
        reason: `${kindOf(kind)}, not a regular file; only regular files are opened`,
      });
    }
  }
}

/**
 * Lists a folder laid out as dir/<class>/<image> (images may sit deeper inside a class folder). Classes
 * are the subfolder names in sorted order; hidden files and folders are ignored.
 */
export async function listImageFolder(dir: string): Promise<FolderListing> {
  if (!(await isDirectory(dir))) {
    throw new Error(
      `loadImageFolder: "${dir}" is not a folder; pass a folder laid out as dir/<class>/<image>`,
    );
  }
  const root = Buffer.from(dir);
  const rootReal = await realpath(root, { encoding: "buffer" });
  const walk = new FolderWalk();
  walk.enter(rootReal);
  const classes: { name: Buffer; fsPath: Buffer }[] = [];
  const topLevel = (await readdir(root, { withFileTypes: true, encoding: "buffer" }))
    .filter((entry) => !isHidden(entry.name))
    .sort(byName);
  for (const entry of topLevel) {
    const fsPath = joinBytes(root, entry.name);
    if (await isDirectory(fsPath)) classes.push({ name: entry.name, fsPath });
    else
      walk.skipped.push({
        path: fsPath.toString(),
        reason: "not inside a class folder (layout is dir/<class>/<image>)",
      });
  }
  if (classes.length === 0) {
    throw new Error(
      `loadImageFolder: "${dir}" has no class subfolders; put each class's images in dir/<class name>/`,
    );
  }
  // Every class folder is entered before any is walked: a link from one class into another is then
  // skipped as already listed, rather than taking the other class's images under its own label.
  const reals = await Promise.all(classes.map(({ fsPath }) => realpath(fsPath, { encoding: "buffer" })));
  const entered = reals.map((real) => walk.enter(real));
  const files: LabelledFile[] = [];
  const skipped = walk.skipped;
  for (const [label, { fsPath }] of classes.entries()) {
    const from = walk.files.length;
    if (entered[label]) await walk.walk(fsPath, reals[label] as Buffer);
    else
      skipped.push({
        path: fsPath.toString(),
        reason: "a class folder that links to another class folder or to the dataset folder",
      });
    for (const file of walk.files.slice(from)) {
      if (IMAGE_EXTENSIONS.includes(extname(file.path).toLowerCase())) files.push({ ...file, label });
      else {
        skipped.push({
          path: file.path,
          reason: `not an image extension (${extname(file.path) || "none"}); loadImageFolder reads ${IMAGE_EXTENSIONS.join(" ")}`,
        });
      }
    }
  }
  const classNames = classes.map(({ name }) => name.toString());
  if (files.length === 0) {
    throw new Error(
      `loadImageFolder: no image files under "${dir}" (looked in ${classNames.length} class folders for ` +
        `${IMAGE_EXTENSIONS.join(" ")}); ${skipped.length} other files: ${skipped
          .slice(0, 3)
          .map((s) => relative(dir, s.path))
          .join(", ")}`,
    );
  }
  return { classNames, files, skipped };
}
