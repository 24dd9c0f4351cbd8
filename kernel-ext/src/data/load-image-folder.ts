import { readFile, stat } from "node:fs/promises";
import { Progress } from "../display/progress";
import { DEFAULT_CONCURRENCY, forEachConcurrent } from "./concurrent";
import { ImageDataset, type ImageMeta, type SkippedFile } from "./image-dataset";
import { listImageFolder, type LabelledFile } from "./image-files";
import { decodeImage, readHeader, type HeaderInfo, type ResizeFit } from "./read-image";

export interface LoadImageFolderOptions {
  /**
   * Size of every image in the dataset: a number for square images, or [height, width]. Default: the
   * most common size among the files (their headers are read first, which is cheap).
   */
  size?: number | readonly [number, number];
  /** 1 (gray) or 3 (RGB). Default: 1 when every file is gray, else 3. */
  channels?: 1 | 3;
  /** How images of another shape are fitted to `size` (see ResizeFit); default "cover". */
  fit?: ResizeFit;
  /** Files decoded at once (default: twice the cores, at least 4). */
  concurrency?: number;
  /** Show a progress bar (default true). */
  progress?: boolean;
}

/** Why a file was skipped: sharp's message, said as what it means for the file. */
function reason(error: unknown): string {
  return `unreadable or corrupt image (${error instanceof Error ? error.message : String(error)})`;
}

function checkOptions(options: LoadImageFolderOptions): { height?: number; width?: number } {
  const { size, channels, fit, concurrency } = options;
  const positive = (v: number): boolean => Number.isInteger(v) && v > 0;
  let height: number | undefined;
  let width: number | undefined;
  if (typeof size === "number") height = width = size;
  else if (size !== undefined) [height, width] = size;
  if (size !== undefined && !(positive(height ?? NaN) && positive(width ?? NaN))) {
    throw new TypeError(
      `loadImageFolder: size must be a positive integer or [height, width] of them, got ${JSON.stringify(size)}`,
    );
  }
  if (channels !== undefined && channels !== 1 && channels !== 3) {
    throw new TypeError(`loadImageFolder: channels must be 1 (gray) or 3 (RGB), got ${String(channels)}`);
  }
  if (fit !== undefined && !["cover", "contain", "fill"].includes(fit)) {
    throw new TypeError(`loadImageFolder: fit must be "cover", "contain" or "fill", got ${JSON.stringify(fit)}`);
  }
  if (concurrency !== undefined && !positive(concurrency)) {
    throw new TypeError(`loadImageFolder: concurrency must be a positive integer, got ${concurrency}`);
  }
  return { height, width };
}

/** The most common [height, width] among the headers (ties: the larger area, for fewer upscaled images). */
function commonSize(headers: readonly (HeaderInfo | undefined)[]): [number, number] {
  const counts = new Map<string, number>();
  for (const h of headers) {
    if (!h) continue;
    const key = `${h.meta.height}x${h.meta.width}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let best: [number, number] = [0, 0];
  let bestCount = 0;
  for (const [key, count] of counts) {
    const [h, w] = key.split("x").map(Number) as [number, number];
    if (count > bestCount || (count === bestCount && h * w > best[0] * best[1])) {
      best = [h, w];
      bestCount = count;
    }
  }
  return best;
}

/**
 * Loads an image classification dataset laid out as dir/<class>/<image> (png, jpeg, webp, gif — first
 * frame —, tiff, avif). Every image is decoded to `size` and `channels` and kept as uint8. A file that
 * cannot be read or decoded is skipped and listed in `ds.skipped` with the reason; the load goes on.
 * `ds.meta(i)` keeps each file's original size, channels, format and byte count.
 */
export async function loadImageFolder(dir: string, options: LoadImageFolderOptions = {}): Promise<ImageDataset> {
  const requested = checkOptions(options);
  const listing = await listImageFolder(dir);
  const { files } = listing;
  const skipped: SkippedFile[] = [...listing.skipped];
  const failed = new Map<number, string>();
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const progress = new Progress(`Loading ${dir}`, files.length, {
    unit: "images",
    enabled: options.progress ?? true,
  });
  const headers: (HeaderInfo | undefined)[] = new Array(files.length);

  // Without a size or channel count, read every header first (no pixel decode) to choose them.
  const twoPasses = requested.height === undefined || options.channels === undefined;
  if (twoPasses) {
    await forEachConcurrent(files.length, concurrency, async (i) => {
      const file = files[i] as LabelledFile;
      try {
        headers[i] = await readHeader(file.path, file.path, (await stat(file.path)).size);
      } catch (error) {
        failed.set(i, reason(error));
      }
    });
  }
  const [height, width] =
    requested.height !== undefined && requested.width !== undefined
      ? [requested.height, requested.width]
      : commonSize(headers);
  const channels = options.channels ?? (headers.some((h) => h && !h.gray) ? 3 : 1);
  if (height === 0) {
    const [first, problem] = failed.entries().next().value ?? [0, "unknown"];
    throw new Error(
      `loadImageFolder: none of the ${files.length} image files under "${dir}" could be read; first problem: ` +
        `${files[first]?.path}: ${problem}`,
    );
  }

  const size = height * width * channels;
  const pixels = new Uint8Array(files.length * size);
  const metas: (ImageMeta | undefined)[] = new Array(files.length);
  const target = { width, height, channels, fit: options.fit ?? "cover" } as const;
  let done = 0;
  await forEachConcurrent(files.length, concurrency, async (i) => {
    const file = files[i] as LabelledFile;
    if (!failed.has(i)) {
      try {
        const bytes = await readFile(file.path);
        const header = headers[i] ?? (await readHeader(file.path, bytes, bytes.length));
        pixels.set(await decodeImage(bytes, header, target), i * size);
        metas[i] = header.meta;
      } catch (error) {
        failed.set(i, reason(error));
      }
    }
    progress.update(++done);
  });

  const kept: number[] = [];
  for (let i = 0; i < files.length; i++) {
    const problem = failed.get(i);
    if (problem === undefined) kept.push(i);
    else skipped.push({ path: (files[i] as LabelledFile).path, reason: problem });
  }
  progress.finish();
  if (kept.length === 0) {
    throw new Error(
      `loadImageFolder: none of the ${files.length} image files under "${dir}" could be decoded; first problem: ` +
        `${skipped.at(-1)?.path}: ${skipped.at(-1)?.reason}`,
    );
  }
  // Compact only when something was skipped: the common case keeps the one allocation.
  const packed = kept.length === files.length ? pixels : new Uint8Array(kept.length * size);
  if (packed !== pixels) kept.forEach((i, k) => packed.set(pixels.subarray(i * size, (i + 1) * size), k * size));
  return new ImageDataset({
    pixels: packed,
    height,
    width,
    channels,
    labels: Int32Array.from(kept, (i) => (files[i] as LabelledFile).label),
    classNames: listing.classNames,
    metas: kept.map((i) => metas[i] as ImageMeta),
    skipped,
  });
}
