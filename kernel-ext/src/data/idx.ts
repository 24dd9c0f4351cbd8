import { promisify } from "node:util";
import { gunzip } from "node:zlib";
import { readUserFile } from "../util/regular-file";

/** An IDX array of unsigned bytes (the format of MNIST and Fashion-MNIST): its dimensions and data. */
export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;

/**
 * Parses IDX bytes: two zero bytes, a type code, the number of dimensions, each dimension as a big-endian
 * uint32, then the values. Only unsigned bytes (type 0x08) are supported: that is what image and label
 * files use.
 */
export function parseIdx(bytes: Uint8Array, what: string): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new Error(`${what} is not an IDX file (it does not start with two zero bytes)`);
  }
  if (bytes[2] !== UBYTE) {
    throw new Error(
      `${what} holds IDX type 0x${(bytes[2] ?? 0).toString(16)}; only unsigned bytes (0x08) are read`,
    );
  }
  const rank = bytes[3] as number;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) throw new Error(`${what} ends inside its IDX header`);
  const dims = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  if (bytes.length - headerBytes !== count) {
    throw new Error(
      `${what} declares ${dims.join("×")} = ${count} values but holds ${bytes.length - headerBytes}: the file is truncated or corrupt`,
    );
  }
  return { dims, data: bytes.subarray(headerBytes) };
}

// Largest IDX content inflated from a .gz (Fashion-MNIST's largest is 47 MB): a gzip bomb stops there.
const MAX_IDX_BYTES = 1 << 30;

/** Reads an IDX file, gunzipping it when it is gzip-compressed (by content, not by name). */
export async function readIdxFile(path: string): Promise<IdxArray> {
  let bytes: Uint8Array = readUserFile(path, MAX_IDX_BYTES, "an IDX file (MNIST format)");
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      bytes = await promisify(gunzip)(bytes, { maxOutputLength: MAX_IDX_BYTES });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE")
        throw new Error(
          `${path} inflates to more than ${MAX_IDX_BYTES} bytes; it is not an image set's IDX file`,
        );
      throw new Error(
        `${path} is a damaged gzip file (${(error as Error).message}); delete it and load again`,
      );
    }
  }
  return parseIdx(bytes, path);
}
