import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";

/**
 * Reads the first `length(size)` bytes of the regular file at `path` (a Buffer path opens names that are
 * not UTF-8). Opened without blocking and checked with fstat before any read: if the name was swapped
 * for a FIFO or a device after the folder was listed, this throws instead of waiting forever for a writer.
 */
export function readRegularFile(
  path: Buffer | string,
  length: (size: number) => number = (size) => size,
): { bytes: Buffer; size: number } {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new Error("not a regular file (it changed after the folder was listed)");
    const size = stats.size;
    const wanted = Math.min(size, length(size));
    const bytes = Buffer.allocUnsafe(wanted);
    let read = 0;
    while (read < wanted) {
      const got = readSync(fd, bytes, read, wanted - read, read);
      if (got === 0) break;
      read += got;
    }
    return { bytes: read === wanted ? bytes : bytes.subarray(0, read), size };
  } finally {
    closeSync(fd);
  }
}

/** `path` as a string that opens the same file, when its bytes are UTF-8 (what sharp takes as a path). */
export function textPath(path: Buffer): string | undefined {
  const text = path.toString("utf8");
  return Buffer.from(text, "utf8").equals(path) ? text : undefined;
}
