import * as zlib from "node:zlib";
import type { PngLayout } from "./image-header";
import { checkPixels, DEFAULT_MAX_PIXELS } from "./pixel-limit";

// Chunks that do not change the decoded pixels of an 8-bit gray or RGB image without transparency, in
// libvips' reading of them: physical size, text, time, the sRGB rendering intent, background colour,
// suggested palettes and histograms. Any other chunk (iCCP, gAMA, cHRM, sBIT, tRNS, PLTE, eXIf, acTL, …)
// sends the file to sharp.
const PLAIN_CHUNKS = new Set([
  "IHDR",
  "IDAT",
  "IEND",
  "pHYs",
  "tEXt",
  "zTXt",
  "iTXt",
  "tIME",
  "sRGB",
  "bKGD",
  "sPLT",
  "hIST",
]);

// zlib.crc32 is in Node ≥ 20.15 / 22.2; without it, CRCs go unchecked (zlib's Adler-32 still guards IDAT).
const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/**
 * Whether decodePlainPng can decode this PNG to `channels`: 8-bit gray or RGB, not interlaced, complete
 * (IEND present), only PLAIN_CHUNKS, and gray → gray, gray → RGB or RGB → RGB (RGB → gray is sharp's own
 * colour conversion).
 */
export function isPlainPng(png: PngLayout, channels: 1 | 3): boolean {
  return (
    png.bitDepth === 8 &&
    (png.colorType === 0 || (png.colorType === 2 && channels === 3)) &&
    !png.interlaced &&
    png.ended &&
    png.idat.length > 0 &&
    png.chunks.every((type) => PLAIN_CHUNKS.has(type))
  );
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Undoes the PNG row filters in place in `data` (rows of 1 filter byte + `stride` bytes), into `out`. */
function unfilter(data: Uint8Array, out: Uint8Array, height: number, stride: number, bpp: number): void {
  for (let y = 0; y < height; y++) {
    const filter = data[y * (stride + 1)] as number;
    const src = y * (stride + 1) + 1;
    const row = y * stride;
    const prev = row - stride;
    switch (filter) {
      case 0:
        out.set(data.subarray(src, src + stride), row);
        break;
      case 1:
        for (let x = 0; x < stride; x++)
          out[row + x] = ((data[src + x] as number) + (x >= bpp ? (out[row + x - bpp] as number) : 0)) & 255;
        break;
      case 2:
        for (let x = 0; x < stride; x++)
          out[row + x] = ((data[src + x] as number) + (y > 0 ? (out[prev + x] as number) : 0)) & 255;
        break;
      case 3:
        for (let x = 0; x < stride; x++) {
          const left = x >= bpp ? (out[row + x - bpp] as number) : 0;
          const up = y > 0 ? (out[prev + x] as number) : 0;
          out[row + x] = ((data[src + x] as number) + ((left + up) >> 1)) & 255;
        }
        break;
      case 4:
        for (let x = 0; x < stride; x++) {
          const left = x >= bpp ? (out[row + x - bpp] as number) : 0;
          const up = y > 0 ? (out[prev + x] as number) : 0;
          const corner = x >= bpp && y > 0 ? (out[prev + x - bpp] as number) : 0;
          out[row + x] = ((data[src + x] as number) + paeth(left, up, corner)) & 255;
        }
        break;
      default:
        throw new Error(`PNG row ${y} has an unknown filter type ${filter}`);
    }
  }
}

/**
 * Decodes a PNG that isPlainPng accepts to HWC uint8 with `channels` (gray is replicated into RGB, as
 * sharp's conversion does), in JavaScript: zlib's inflate and the row filters. For small images this is
 * ~20× faster than a sharp pipeline (whose fixed cost, ~0.3 ms on the thread pool, is far more than the
 * work); the result is byte-for-byte sharp's (test/data/png-decode.test.ts). Throws on a corrupt stream
 * (bad CRC, truncated or oversized data).
 */
export function decodePlainPng(
  bytes: Uint8Array,
  png: PngLayout,
  channels: 1 | 3,
  maxPixels = DEFAULT_MAX_PIXELS,
): Uint8Array {
  // Before any inflate: the IHDR size is what the output buffers are made for.
  checkPixels(png.width, png.height, maxPixels);
  if (crc32) {
    const view = (start: number, end: number): Uint8Array => bytes.subarray(start, end);
    for (const [start, end] of png.spans) {
      const stored =
        (((bytes[end] as number) << 24) |
          ((bytes[end + 1] as number) << 16) |
          ((bytes[end + 2] as number) << 8) |
          (bytes[end + 3] as number)) >>>
        0;
      if (crc32(view(start, end)) >>> 0 !== stored) throw new Error("PNG chunk CRC mismatch (corrupt file)");
    }
  }
  const { width, height } = png;
  const bpp = png.colorType === 2 ? 3 : 1;
  const stride = width * bpp;
  const compressed =
    png.idat.length === 1
      ? bytes.subarray(png.idat[0]![0], png.idat[0]![1])
      : Buffer.concat(png.idat.map(([start, end]) => bytes.subarray(start, end)));
  const expected = (stride + 1) * height;
  const data = zlib.inflateSync(compressed, { maxOutputLength: expected + 1 });
  if (data.length !== expected)
    throw new Error(`PNG image data holds ${data.length} bytes instead of ${expected}`);
  const pixels = new Uint8Array(stride * height);
  unfilter(data, pixels, height, stride, bpp);
  if (bpp === channels) return pixels;
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    const v = pixels[i] as number;
    rgb[3 * i] = v;
    rgb[3 * i + 1] = v;
    rgb[3 * i + 2] = v;
  }
  return rgb;
}
