import { writeFileSync } from "node:fs";
import * as zlib from "node:zlib";

// Hostile PNGs written byte by byte (a PNG writer of our own: no library would write these on purpose).

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

function ihdr(width: number, height: number): Buffer {
  const data = Buffer.alloc(13);
  data.writeUInt32BE(width, 0);
  data.writeUInt32BE(height, 4);
  data[8] = 8; // bit depth
  data[9] = 0; // gray
  return chunk("IHDR", data); // compression, filter and interlace 0
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function png(width: number, height: number, idat: Buffer): Buffer {
  return Buffer.concat([SIGNATURE, ihdr(width, height), chunk("IDAT", idat), chunk("IEND", Buffer.alloc(0))]);
}

/**
 * A valid zlib stream of `length` zero bytes, made without holding them: one deflate segment for
 * `segment` zeros (ended by a full flush, so it stands alone) repeated, then an empty final block and
 * the Adler-32 of all those zeros (a = 1, b = length mod 65521).
 */
function zerosStream(length: number, segment: number): Buffer {
  if (length % segment !== 0) throw new Error("length must be a multiple of segment");
  const part = zlib.deflateRawSync(Buffer.alloc(segment), {
    level: 9,
    finishFlush: zlib.constants.Z_FULL_FLUSH,
  });
  const adler = Buffer.alloc(4);
  adler.writeUInt32BE((((length % 65521) << 16) | 1) >>> 0);
  const parts = new Array<Buffer>(length / segment).fill(part);
  return Buffer.concat([Buffer.from([0x78, 0xda]), ...parts, Buffer.from([0x03, 0x00]), adler]);
}

/**
 * Writes a real PNG decompression bomb: a width×height 8-bit gray image, all black, whose file is ~1,000
 * times smaller than its pixels (30000×30000: 0.9 GB of pixels in ~0.9 MB). Returns the file's size.
 */
export function writePngBomb(path: string, width: number, height: number): number {
  const rowsPerSegment = [100, 50, 10, 5, 2, 1].find((r) => height % r === 0) ?? 1;
  const bytes = png(width, height, zerosStream((width + 1) * height, (width + 1) * rowsPerSegment));
  writeFileSync(path, bytes);
  return bytes.length;
}

/** A PNG whose header claims width×height but whose data is a few bytes: it cannot decode. */
export function writeFakeHeaderPng(path: string, width: number, height: number): void {
  writeFileSync(path, png(width, height, zlib.deflateSync(Buffer.alloc(16))));
}
