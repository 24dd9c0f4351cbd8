import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from "node:fs";

function fileKind(stats: Stats): string {
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a named pipe";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  return "not a file";
}

/**
 * Reads the first `length(size)` bytes of the regular file at `path` (a Buffer path opens names that are
 * not UTF-8). Opened without blocking and checked with fstat before any read: if the name is (or was swapped,
 * after a folder was listed, for) a FIFO or a device, this throws instead of waiting for ever for a writer.
 */
export function readRegularFile(
  path: Buffer | string,
  length: (size: number) => number = (size) => size,
): { bytes: Buffer; size: number } {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new Error(`not a regular file (${fileKind(stats)})`);
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

/**
 * Reads a whole file a user named (a dataset file, a notebook): refuses, with an error naming `path` and the
 * fix, anything that is not a regular file (a FIFO would block for ever) and files over `maxBytes`.
 */
export function readUserFile(path: string, maxBytes: number, what: string): Buffer {
  let tooBig = 0;
  let result: { bytes: Buffer; size: number };
  try {
    result = readRegularFile(path, (size) => (size > maxBytes ? ((tooBig = size), 0) : size));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new Error(`${path} does not exist: give the path of ${what}`);
    if (code === "EISDIR") throw new Error(`${path} is a folder: give the path of ${what}`);
    if (code) throw new Error(`${path} cannot be opened (${code}): give the path of ${what}`);
    throw new Error(`${path} is ${(error as Error).message}: give the path of ${what}`);
  }
  if (tooBig > 0)
    throw new Error(
      `${path} holds ${tooBig} bytes, more than the ${maxBytes} read for ${what}: is it the right file?`,
    );
  return result.bytes;
}

/** `path` as a string that opens the same file, when its bytes are UTF-8 (what sharp takes as a path). */
export function textPath(path: Buffer): string | undefined {
  const text = path.toString("utf8");
  return Buffer.from(text, "utf8").equals(path) ? text : undefined;
}
