/**
 * The largest image decoded by default, in pixels: sharp's own default (limitInputPixels, 0x3FFF²), here
 * checked from the header before any decoder runs, the JavaScript PNG decoder included.
 */
export const DEFAULT_MAX_PIXELS = 0x3fff * 0x3fff;

/** An image whose header declares more pixels than the limit: a decompression bomb or a huge scan. */
export class PixelLimitError extends Error {
  constructor(width: number, height: number, maxPixels: number) {
    super(
      `too many pixels: ${width}×${height} = ${(width * height).toLocaleString("en-US")} is over the limit of ` +
        `${maxPixels.toLocaleString("en-US")} (a decompression bomb or a huge scan; not decoded — raise maxPixels ` +
        `to load it)`,
    );
    this.name = "PixelLimitError";
  }
}

/** Throws PixelLimitError when a width × height image is over `maxPixels`. */
export function checkPixels(width: number, height: number, maxPixels: number): void {
  if (width * height > maxPixels) throw new PixelLimitError(width, height, maxPixels);
}
