import { readdir, stat } from "node:fs/promises";
import { extname, join, relative } from "node:path";
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
  path: string;
  label: number;
}

export interface FolderListing {
  classNames: string[];
  files: LabelledFile[];
  /** Files that are not candidate images (wrong extension, outside a class folder). */
  skipped: SkippedFile[];
}

const isHidden = (name: string): boolean => name.startsWith(".");
const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Every non-hidden file under `dir`, recursively, sorted by path (code-point order, same on every OS). Entry
 * types come with the listing (readdir withFileTypes): a stat per file, awaited one after another, took
 * longer than decoding 4,000 small PNGs. Symbolic links are followed with one stat each.
 */
async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => !isHidden(entry.name))
    .sort((a, b) => byName(a.name, b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    const folder = entry.isSymbolicLink() ? await isDirectory(path) : entry.isDirectory();
    if (folder) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
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
  const skipped: SkippedFile[] = [];
  const classNames: string[] = [];
  for (const name of (await readdir(dir)).filter((n) => !isHidden(n)).sort(byName)) {
    const path = join(dir, name);
    if (await isDirectory(path)) classNames.push(name);
    else skipped.push({ path, reason: "not inside a class folder (layout is dir/<class>/<image>)" });
  }
  if (classNames.length === 0) {
    throw new Error(
      `loadImageFolder: "${dir}" has no class subfolders; put each class's images in dir/<class name>/`,
    );
  }
  const files: LabelledFile[] = [];
  for (const [label, name] of classNames.entries()) {
    for (const path of await filesUnder(join(dir, name))) {
      if (IMAGE_EXTENSIONS.includes(extname(path).toLowerCase())) files.push({ path, label });
      else {
        skipped.push({
          path,
          reason: `not an image extension (${extname(path) || "none"}); loadImageFolder reads ${IMAGE_EXTENSIONS.join(" ")}`,
        });
      }
    }
  }
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
