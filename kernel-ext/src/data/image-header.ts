// Image headers read from the file's bytes in JavaScript, for the two formats datasets are made of (PNG
// and JPEG): a few dozen lines that spare a sharp metadata() call per file (a libvips open on the thread
// pool, ~0.1–0.4 ms each, as much as decoding a 28×28 PNG). Anything unusual answers undefined, and the
// caller asks sharp instead, so these parsers only need to be right about the files they accept.

/** What a header says, in sharp's metadata() terms (size after EXIF orientation). */
export interface ParsedHeader {
  format: "png" | "jpeg";
  width: number;
  height: number;
  channels: number;
  gray: boolean;
  hasAlpha: boolean;
}

/** A PNG's layout: its IHDR fields and its chunks, in order (pixels decode from `idat`). */
export interface PngLayout {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlaced: boolean;
  /** Chunk types in file order, IHDR first. */
  chunks: string[];
  /** [start, end) of each IDAT chunk's data. */
  idat: [number, number][];
  /** Each chunk as [type start, data end] for CRC checks (the CRC covers type and data). */
  spans: [number, number][];
  ended: boolean;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const u16 = (b: Uint8Array, at: number): number => ((b[at] as number) << 8) | (b[at + 1] as number);
const u32 = (b: Uint8Array, at: number): number =>
  (((b[at] as number) << 24) |
    ((b[at + 1] as number) << 16) |
    ((b[at + 2] as number) << 8) |
    (b[at + 3] as number)) >>>
  0;

/** The chunks of a PNG file (undefined when it is not a PNG or its IHDR is malformed). */
export function pngLayout(b: Uint8Array): PngLayout | undefined {
  if (b.length < 33 || PNG_SIGNATURE.some((v, i) => b[i] !== v)) return undefined;
  if (u32(b, 8) !== 13 || String.fromCharCode(b[12]!, b[13]!, b[14]!, b[15]!) !== "IHDR") return undefined;
  const layout: PngLayout = {
    width: u32(b, 16),
    height: u32(b, 20),
    bitDepth: b[24] as number,
    colorType: b[25] as number,
    interlaced: b[28] === 1,
    chunks: [],
    idat: [],
    spans: [],
    ended: false,
  };
  let at = 8;
  while (at + 12 <= b.length) {
    const length = u32(b, at);
    const type = String.fromCharCode(b[at + 4]!, b[at + 5]!, b[at + 6]!, b[at + 7]!);
    const end = at + 8 + length;
    if (end + 4 > b.length) break; // truncated: `ended` stays false
    layout.chunks.push(type);
    layout.spans.push([at + 4, end]);
    if (type === "IDAT") layout.idat.push([at + 8, end]);
    if (type === "IEND") {
      layout.ended = true;
      break;
    }
    at = end + 4;
  }
  return layout;
}

// PNG colour types: 0 gray, 2 RGB, 3 palette, 4 gray + alpha, 6 RGBA.
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 3, 4: 2, 6: 4 };

function pngHeader(b: Uint8Array): ParsedHeader | undefined {
  const png = pngLayout(b);
  if (!png || png.width === 0 || png.height === 0) return undefined;
  const channels = PNG_CHANNELS[png.colorType];
  if (channels === undefined) return undefined;
  const transparency = png.chunks.includes("tRNS");
  // An EXIF orientation, or transparency on a non-palette image: let sharp say what it makes of them.
  if (png.chunks.includes("eXIf") || (transparency && png.colorType !== 3)) return undefined;
  const hasAlpha = png.colorType === 4 || png.colorType === 6 || transparency;
  return {
    format: "png",
    width: png.width,
    height: png.height,
    channels: png.colorType === 3 && transparency ? 4 : channels,
    gray: png.colorType === 0 || png.colorType === 4,
    hasAlpha,
  };
}

/** The EXIF orientation (1–8) in an APP1 segment's data, or 1. */
function exifOrientation(b: Uint8Array, start: number, end: number): number {
  // "Exif\0\0", then a TIFF header: byte order, 42, offset of IFD0.
  if (
    end - start < 14 ||
    String.fromCharCode(b[start]!, b[start + 1]!, b[start + 2]!, b[start + 3]!) !== "Exif"
  )
    return 1;
  const tiff = start + 6;
  const little = b[tiff] === 0x49;
  const r16 = (at: number): number =>
    little ? (b[at] as number) | ((b[at + 1] as number) << 8) : u16(b, at);
  const r32 = (at: number): number =>
    little
      ? ((b[at] as number) |
          ((b[at + 1] as number) << 8) |
          ((b[at + 2] as number) << 16) |
          ((b[at + 3] as number) << 24)) >>>
        0
      : u32(b, at);
  const ifd = tiff + r32(tiff + 4);
  if (ifd + 2 > end) return 1;
  const entries = r16(ifd);
  for (let e = 0; e < entries; e++) {
    const entry = ifd + 2 + e * 12;
    if (entry + 12 > end) break;
    if (r16(entry) === 0x0112) {
      const value = r16(entry + 8);
      return value >= 1 && value <= 8 ? value : 1;
    }
  }
  return 1;
}

function jpegHeader(b: Uint8Array): ParsedHeader | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let orientation = 1;
  let at = 2;
  while (at + 4 <= b.length) {
    if (b[at] !== 0xff) return undefined;
    const marker = b[at + 1] as number;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // no length
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return undefined; // scan or end before any frame header
    const length = u16(b, at + 2);
    const start = at + 4;
    const end = at + 2 + length;
    if (length < 2 || end > b.length) return undefined;
    if (marker === 0xe1 && orientation === 1) orientation = exifOrientation(b, start, end);
    // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (length < 8) return undefined;
      const height = u16(b, start + 1);
      const width = u16(b, start + 3);
      const components = b[start + 5] as number;
      if (width === 0 || height === 0 || (components !== 1 && components !== 3 && components !== 4))
        return undefined;
      // The EXIF segment comes before the frame header in every JPEG/EXIF file.
      const swap = orientation >= 5;
      return {
        format: "jpeg",
        width: swap ? height : width,
        height: swap ? width : height,
        channels: components,
        gray: components === 1,
        hasAlpha: false,
      };
    }
    at = end;
  }
  return undefined;
}

/** The header of a PNG or JPEG file from its bytes; undefined for other formats or anything unusual. */
export function parseHeader(bytes: Uint8Array): ParsedHeader | undefined {
  return pngHeader(bytes) ?? jpegHeader(bytes);
}
