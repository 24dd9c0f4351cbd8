import { Progress, yieldToEventLoop } from "../display/progress";
import { throwIfInterrupted } from "../util/interrupt";
import { DEFAULT_CONCURRENCY, forEachConcurrent } from "./concurrent";
import { ImageDataset, type ImageMeta, type SkippedFile } from "./image-dataset";
import { listImageFolder, type LabelledFile } from "./image-files";
import { DEFAULT_MAX_PIXELS, PixelLimitError } from "./pixel-limit";
import { readRegularFile, textPath } from "../util/regular-file";
import { decodeImage, readHeader, readHeaderFromHead, type HeaderInfo, type ResizeFit } from "./read-image";

/** Options of `loadImageFolder`; every field is optional. */
export interface LoadImageFolderOptions {
  /**
   * Size of every image in the dataset: a number for square images, or [height, width]. Default: the
   * most common size among the files (their headers are read first, which is cheap).
   */
  size?: number | readonly [number, number];
  /**
   * 1 (gray) or 3 (RGB); files of the other kind are converted. Default: what most files are; a folder that
   * mixes both gets a warning naming the files converted.
   */
  channels?: 1 | 3;
  /** How images of another shape are fitted to `size` (see ResizeFit); default "cover". */
  fit?: ResizeFit;
  /** Files decoded at once by sharp (default: twice the cores, at least 4). */
  concurrency?: number;
  /** Show a progress bar (default true). */
  progress?: boolean;
  /**
   * Largest image loaded, in pixels (width × height in its header). A larger file is skipped with its
   * reason before any decode (a decompression bomb inflates a small file to gigabytes). Default
   * 268,402,689 (0x3FFF², sharp's limitInputPixels).
   */
  maxPixels?: number;
}

/**
 * 1 or 3, whichever most files have. A folder that mixes them is converted to that count, and a warning
 * names the files that differ and the option that picks the other — one stray RGB file must not silently
 * turn a gray dataset into three channels, nor a few gray files a colour one into gray.
 */
function majorityChannels(
  headers: readonly (HeaderInfo | undefined)[],
  files: readonly LabelledFile[],
  dir: string,
): 1 | 3 {
  const colour: number[] = [];
  const gray: number[] = [];
  headers.forEach((h, i) => h && (h.gray ? gray : colour).push(i));
  const channels = colour.length > gray.length ? 3 : 1;
  const odd = channels === 3 ? gray : colour;
  if (odd.length > 0 && colour.length > 0 && gray.length > 0) {
    const names = odd.slice(0, 5).map((i) => (files[i] as LabelledFile).path);
    const more = odd.length > names.length ? ` and ${odd.length - names.length} more` : "";
    console.warn(
      `loadImageFolder: "${dir}" mixes gray and colour images: ${gray.length} gray, ${colour.length} colour. ` +
        `Loaded as ${channels === 1 ? "gray (1 channel)" : "RGB (3 channels)"}; converted: ${names.join(", ")}${more}. ` +
        `Pass { channels: ${channels === 1 ? 3 : 1} } to load every image as ${channels === 1 ? "RGB" : "gray"} instead.`,
    );
  }
  return channels;
}

/** Why a file was skipped: sharp's message, said as what it means for the file. */
function reason(error: unknown): string {
  if (error instanceof PixelLimitError) return error.message;
  return `unreadable or corrupt image (${error instanceof Error ? error.message : String(error)})`;
}

function checkOptions(options: LoadImageFolderOptions): { height?: number; width?: number } {
  const { size, channels, fit, concurrency, maxPixels } = options;
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
    throw new TypeError(
      `loadImageFolder: fit must be "cover", "contain" or "fill", got ${JSON.stringify(fit)}`,
    );
  }
  if (concurrency !== undefined && !positive(concurrency)) {
    throw new TypeError(`loadImageFolder: concurrency must be a positive integer, got ${concurrency}`);
  }
  if (maxPixels !== undefined && !positive(maxPixels)) {
    throw new TypeError(`loadImageFolder: maxPixels must be a positive integer, got ${maxPixels}`);
  }
  if (height !== undefined && width !== undefined && height * width > (maxPixels ?? DEFAULT_MAX_PIXELS)) {
    throw new RangeError(
      `loadImageFolder: size ${height}×${width} is over maxPixels (${maxPixels ?? DEFAULT_MAX_PIXELS}); ` +
        "pass a smaller size, or raise maxPixels",
    );
  }
  return { height, width };
}

/** The dataset's pixel array, or an error that says how large it would be and what to do. */
function allocatePixels(files: number, imageBytes: number, dir: string): Uint8Array {
  try {
    return new Uint8Array(files * imageBytes);
  } catch {
    throw new RangeError(
      `loadImageFolder: ${files} images of ${imageBytes} bytes under "${dir}" need ` +
        `${((files * imageBytes) / 2 ** 30).toFixed(1)} GiB, more than can be allocated; pass a smaller size ` +
        "or load a subset of the folder",
    );
  }
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

// Without `size` or `channels`, every header is read before any pixel is decoded (to choose them). Files up
// to WHOLE_FILE bytes are read whole in that pass and kept for the decode pass, up to KEEP_BYTES in all, so
// small-image datasets read each file once; larger files, and files past the budget, are read again, and
// for those only the first HEAD_BYTES are read for the header (a JPEG's frame header is nearly always in
// them; otherwise sharp reads the header from the path).
const KEEP_BYTES = 256 * 1024 * 1024;
const WHOLE_FILE = 1024 * 1024;
const HEAD_BYTES = 64 * 1024;
// Files between two yields to the event loop when decoding never waits (plain PNGs decode synchronously).
const YIELD_EVERY = 64;

/**
 * A file's bytes. Read synchronously: for the small files datasets are made of, a synchronous read took
 * 6–20 µs a file here against 60–100 µs for fs.promises.readFile (open, stat, read and close are four
 * trips to the libuv thread pool, where they also queue behind sharp's decodes), and the decodes that run
 * on that pool meanwhile do not wait for the main thread.
 */
function readBytes(path: Buffer): Buffer {
  return readRegularFile(path).bytes;
}

/** The whole file when it is at most min(WHOLE_FILE, `budget`) bytes, else its first HEAD_BYTES. */
function readForHeader(path: Buffer, budget: number): { bytes: Buffer; size: number } {
  return readRegularFile(path, (size) => (size <= Math.min(WHOLE_FILE, budget) ? size : HEAD_BYTES));
}

/**
 * Loads an image classification dataset laid out as dir/<class>/<image> (png, jpeg, webp, gif — first
 * frame —, tiff, avif). Every image is decoded to `size` and `channels` and kept as uint8. A file that
 * cannot be read or decoded is skipped and listed in `ds.skipped` with the reason; the load goes on. So
 * is anything that is not a regular file (FIFOs, sockets and devices are never opened), an image over
 * `maxPixels` (checked from its header, before any decode), and a second path to a file or folder
 * already listed (symbolic links are followed once per real path, so link loops end).
 * `ds.meta(i)` keeps each file's original size, channels, format and byte count.
 *
 * Defaults: the most common size among the files, and 1 channel only when every file is gray; see
 * LoadImageFolderOptions for `size`, `channels`, `fit`, `concurrency`, `maxPixels`.
 * @example const ds = await loadImageFolder("data/pets", { size: [64, 64], channels: 3 });
 */
export async function loadImageFolder(
  dir: string,
  options: LoadImageFolderOptions = {},
): Promise<ImageDataset> {
  const requested = checkOptions(options);
  const listing = await listImageFolder(dir);
  const { files } = listing;
  const skipped: SkippedFile[] = [...listing.skipped];
  const failed = new Map<number, string>();
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  const progress = new Progress(`Loading ${dir}`, files.length, {
    unit: "images",
    enabled: options.progress ?? true,
  });
  const headers: (HeaderInfo | undefined)[] = new Array(files.length);
  const kept: (Buffer | undefined)[] = new Array(files.length);

  // Without a size or channel count, read every header first (no pixel decode) to choose them.
  const twoPasses = requested.height === undefined || options.channels === undefined;
  if (twoPasses) {
    let keptBytes = 0;
    await forEachConcurrent(files.length, concurrency, async (i) => {
      throwIfInterrupted("loadImageFolder"); // per file: Stop need not wait for the next yield
      const file = files[i] as LabelledFile;
      try {
        const { bytes, size } = readForHeader(file.fsPath, KEEP_BYTES - keptBytes);
        if (bytes.length === size) {
          headers[i] = await readHeader(file.path, bytes, size, maxPixels);
          kept[i] = bytes;
          keptBytes += size;
        } else {
          const whole = (): string | Buffer => textPath(file.fsPath) ?? readBytes(file.fsPath);
          headers[i] = await readHeaderFromHead(file.path, bytes, size, whole, maxPixels);
        }
      } catch (error) {
        failed.set(i, reason(error));
      }
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
    });
  }
  const [height, width] =
    requested.height !== undefined && requested.width !== undefined
      ? [requested.height, requested.width]
      : commonSize(headers);
  const channels = options.channels ?? majorityChannels(headers, files, dir);
  if (height === 0) {
    const [first, problem] = failed.entries().next().value ?? [0, "unknown"];
    throw new Error(
      `loadImageFolder: none of the ${files.length} image files under "${dir}" could be read; first problem: ` +
        `${files[first]?.path}: ${problem}`,
    );
  }

  const size = height * width * channels;
  const pixels = allocatePixels(files.length, size, dir);
  const metas: (ImageMeta | undefined)[] = new Array(files.length);
  const target = { width, height, channels, fit: options.fit ?? "cover", maxPixels } as const;
  let done = 0;
  await forEachConcurrent(files.length, concurrency, async (i) => {
    throwIfInterrupted("loadImageFolder");
    const file = files[i] as LabelledFile;
    if (!failed.has(i)) {
      try {
        const bytes = kept[i] ?? readBytes(file.fsPath);
        kept[i] = undefined;
        const header = headers[i] ?? (await readHeader(file.path, bytes, bytes.length, maxPixels));
        pixels.set(await decodeImage(bytes, header, target), i * size);
        // A name that is not UTF-8 opens only by its bytes: the meta keeps them (writeCleanFolder needs them).
        metas[i] =
          textPath(file.fsPath) === undefined ? { ...header.meta, pathBytes: file.fsPath } : header.meta;
      } catch (error) {
        failed.set(i, reason(error));
      }
    }
    progress.update(++done);
    if (done % YIELD_EVERY === 0) await yieldToEventLoop();
  });

  const loaded: number[] = [];
  for (let i = 0; i < files.length; i++) {
    const problem = failed.get(i);
    if (problem === undefined) loaded.push(i);
    else skipped.push({ path: (files[i] as LabelledFile).path, reason: problem });
  }
  progress.finish();
  if (loaded.length === 0) {
    throw new Error(
      `loadImageFolder: none of the ${files.length} image files under "${dir}" could be decoded; first problem: ` +
        `${skipped.at(-1)?.path}: ${skipped.at(-1)?.reason}`,
    );
  }
  // Compact only when something was skipped: the common case keeps the one allocation.
  const packed = loaded.length === files.length ? pixels : new Uint8Array(loaded.length * size);
  if (packed !== pixels)
    loaded.forEach((i, k) => packed.set(pixels.subarray(i * size, (i + 1) * size), k * size));
  return new ImageDataset({
    pixels: packed,
    height,
    width,
    channels,
    labels: Int32Array.from(loaded, (i) => (files[i] as LabelledFile).label),
    classNames: listing.classNames,
    metas: loaded.map((i) => metas[i] as ImageMeta),
    skipped,
  });
}
