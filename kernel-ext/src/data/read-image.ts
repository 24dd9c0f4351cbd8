import sharp from "sharp";
import type { ImageMeta } from "./image-dataset";

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
}

// Rejects truncated and broken files, but not files with benign warnings (e.g. a PNG's odd colour profile).
const FAIL_ON = "truncated";

/**
 * Reads an image's header (no pixel decode): size after EXIF orientation, channels, format, file size.
 * Throws with sharp's reason when the file is not a readable image.
 */
export async function readHeader(path: string, input: string | Buffer, bytes: number): Promise<HeaderInfo> {
  const m = await sharp(input, { failOn: FAIL_ON }).metadata();
  if (!m.width || !m.height) throw new Error("the header has no image size");
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
 * Decodes an image to `target` as uint8 pixels (HWC): EXIF orientation applied, transparency flattened
 * onto white (cut-outs are drawn for white pages), resized with `target.fit` (Lanczos-3), converted to
 * gray or sRGB.
 */
export async function decodeImage(
  input: string | Buffer,
  header: HeaderInfo,
  target: DecodeTarget,
): Promise<Uint8Array> {
  let pipeline = sharp(input, { failOn: FAIL_ON }).autoOrient();
  if (header.hasAlpha) pipeline = pipeline.flatten({ background: "#ffffff" });
  if (header.meta.width !== target.width || header.meta.height !== target.height) {
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
