import type Sharp from "sharp";
import { lazyModule } from "../util/lazy-module";
import type { ImageMeta } from "./image-dataset";
import { parseHeader, pngLayout } from "./image-header";
import { checkPixels, DEFAULT_MAX_PIXELS, PixelLimitError } from "./pixel-limit";
import { decodePlainPng, isPlainPng } from "./png-decode";

// sharp (libvips) loads on the first image file that needs it, not with tslab-ml.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a require on first use is the point
const sharpModule = lazyModule("sharp", () => require("sharp") as typeof Sharp);
const sharp = (...args: Parameters<typeof Sharp>): ReturnType<typeof Sharp> => sharpModule.get()(...args);

/**
 * How an image is brought to the dataset's size:
 * - "cover" (default): scaled to fill the size, keeping its aspect ratio, the overflow cropped around the
 *   centre. Nothing is distorted and no padding appears, at the cost of the edges of odd-shaped images.
 * - "contain": scaled to fit inside, keeping its aspect ratio, the rest padded black (letterbox).
 * - "fill": stretched to the size, aspect ratio ignored.
 */
export type ResizeFit = "cover" | "contain" | "fill";

/** What the header says of a file: its meta, plus whether it is a gray image (for the default channels). */
export interface HeaderInfo {
  meta: ImageMeta;
  gray: boolean;
  hasAlpha: boolean;
}

export interface DecodeTarget {
  width: number;
  height: number;
  channels: 1 | 3;
  fit: ResizeFit;
  /** Largest image decoded, in pixels (default DEFAULT_MAX_PIXELS). */
  maxPixels?: number;
}

// Rejects truncated and broken files, but not files with benign warnings (e.g. a PNG's odd colour profile).
const FAIL_ON = "truncated";

/**
 * Reads an image's header (no pixel decode): size after EXIF orientation, channels, format, file size.
 * PNG and JPEG headers are parsed from the bytes in JavaScript when `input` is the file's bytes
 * (image-header.ts); other formats, unusual files and paths go to sharp's metadata(). Throws with sharp's
 * reason when the file is not a readable image.
 */
export async function readHeader(
  path: string,
  input: string | Buffer,
  bytes: number,
  maxPixels = DEFAULT_MAX_PIXELS,
): Promise<HeaderInfo> {
  const parsed = typeof input === "string" ? undefined : parseHeader(input);
  if (parsed) {
    const { width, height, channels, format, gray, hasAlpha } = parsed;
    checkPixels(width, height, maxPixels);
    return { meta: { path, width, height, channels, format, bytes }, gray, hasAlpha };
  }
  // metadata() reads the header only; the limit is checked here to say which size was refused.
  const m = await sharp(input, { failOn: FAIL_ON, limitInputPixels: false }).metadata();
  if (!m.width || !m.height) throw new Error("the header has no image size");
  checkPixels(m.width, m.height, maxPixels);
  const width = m.autoOrient?.width ?? m.width;
  const height = m.autoOrient?.height ?? m.height;
  const channels = m.channels ?? 3;
  return {
    meta: { path, width, height, channels, format: m.format ?? "unknown", bytes },
    gray: m.space === "b-w" || m.space === "grey16" || channels <= 2,
    hasAlpha: m.hasAlpha ?? false,
  };
}

/**
 * readHeader for a file of `bytes` bytes of which only the first ones were read (`head`): a JPEG header
 * is parsed from them when its frame header is among them; anything else goes to sharp with `whole` (the
 * file's path, or its bytes when the path is not one sharp can open), read only then.
 */
export async function readHeaderFromHead(
  path: string,
  head: Buffer,
  bytes: number,
  whole: () => string | Buffer,
  maxPixels = DEFAULT_MAX_PIXELS,
): Promise<HeaderInfo> {
  const parsed = head[0] === 0xff && head[1] === 0xd8 ? parseHeader(head) : undefined;
  if (parsed) {
    const { width, height, channels, format, gray, hasAlpha } = parsed;
    checkPixels(width, height, maxPixels);
    return { meta: { path, width, height, channels, format, bytes }, gray, hasAlpha };
  }
  return readHeader(path, whole(), bytes, maxPixels);
}

/**
 * Decodes an image to `target` as uint8 pixels (HWC): EXIF orientation applied, transparency flattened
 * onto white (cut-outs are drawn for white pages), resized with `target.fit` (Lanczos-3), converted to
 * gray or sRGB. A plain 8-bit gray or RGB PNG already at the target size is decoded in JavaScript
 * (png-decode.ts: same bytes, without a sharp pipeline's fixed cost); everything else by one sharp
 * pipeline, as is a PNG the JavaScript decoder finds corrupt (sharp then gives its own verdict).
 */
export async function decodeImage(
  input: string | Buffer,
  header: HeaderInfo,
  target: DecodeTarget,
): Promise<Uint8Array> {
  const maxPixels = target.maxPixels ?? DEFAULT_MAX_PIXELS;
  checkPixels(header.meta.width, header.meta.height, maxPixels);
  const sameSize = header.meta.width === target.width && header.meta.height === target.height;
  if (sameSize && typeof input !== "string" && header.meta.format === "png") {
    const png = pngLayout(input);
    if (png && isPlainPng(png, target.channels)) {
      try {
        return decodePlainPng(input, png, target.channels, maxPixels);
      } catch (error) {
        if (error instanceof PixelLimitError) throw error;
        // Fall through to sharp, whose message says what is wrong with the file.
      }
    }
  }
  let pipeline = sharp(input, { failOn: FAIL_ON, limitInputPixels: maxPixels }).autoOrient();
  if (header.hasAlpha) pipeline = pipeline.flatten({ background: "#ffffff" });
  if (!sameSize) {
    pipeline = pipeline.resize(target.width, target.height, {
      fit: target.fit,
      position: "centre",
      background: { r: 0, g: 0, b: 0 },
    });
  }
  pipeline = pipeline.toColourspace(target.channels === 1 ? "b-w" : "srgb");
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  const expected = target.width * target.height * target.channels;
  if (info.channels !== target.channels || data.length !== expected) {
    throw new Error(
      `decoded to ${info.width}×${info.height}×${info.channels} instead of ${target.width}×${target.height}×${target.channels}`,
    );
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
