import assert from "node:assert/strict";
import { test } from "node:test";
import { execFileSync } from "node:child_process";
import { existsSync, truncateSync } from "node:fs";
import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import {
  DEBIAN_FASHION_MNIST_DIR,
  FASHION_MNIST_CLASSES,
  loadFashionMnist,
} from "../../src/data/fashion-mnist";
import { parseIdx, readIdxFile } from "../../src/data/idx";

/** IDX bytes: 0, 0, type 0x08 (ubyte), rank, big-endian dims, values. */
function idx(dims: number[], values: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = 0x08;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, values]);
}

test("an IDX fixture round-trips: pixels, labels, class names, gzipped or not", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tslab-ml-idx-"));
  try {
    const n = 5;
    const pixels = Uint8Array.from({ length: n * 3 * 2 }, (_, i) => (i * 37) % 256);
    const labels = Uint8Array.from([9, 0, 3, 3, 7]);
    await writeFile(join(dir, "t10k-images-idx3-ubyte.gz"), gzipSync(idx([n, 3, 2], pixels)));
    await writeFile(join(dir, "t10k-labels-idx1-ubyte"), idx([n], labels));
    const ds = await loadFashionMnist({ split: "test", dir, progress: false });
    assert.equal(ds.length, n);
    assert.deepEqual(ds.imageShape, [3, 2, 1]);
    assert.deepEqual([...ds.labels], [...labels]);
    assert.deepEqual([...ds.pixels(1)], [...pixels.subarray(6, 12)]);
    assert.equal(ds.classNames[ds.label(0)], "Ankle boot");
    assert.match(ds.meta(2).path, /t10k-images-idx3-ubyte\.gz#2$/);
    assert.equal(ds.meta(2).format, "idx");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("damaged IDX files are refused with the reason", () => {
  assert.throws(() => parseIdx(Uint8Array.from([1, 2, 3, 4]), "x.idx"), /not an IDX file/);
  assert.throws(
    () => parseIdx(idx([2, 2], Uint8Array.from([1, 2, 3])), "y.idx"),
    /declares 2×2 = 4 values but holds 3: the file is truncated/,
  );
  assert.throws(
    () => parseIdx(Uint8Array.from([0, 0, 0x0d, 1, 0, 0, 0, 0]), "z.idx"),
    /IDX type 0xd; only unsigned bytes/,
  );
});

test(
  "Debian's real Fashion-MNIST loads as 10,000 test images of 28×28, 1,000 per class",
  { skip: !existsSync(DEBIAN_FASHION_MNIST_DIR) },
  async () => {
    const ds = await loadFashionMnist({ split: "test" });
    assert.equal(ds.length, 10000);
    assert.deepEqual(ds.imageShape, [28, 28, 1]);
    assert.deepEqual(ds.classCounts, new Array(10).fill(1000));
    assert.deepEqual(ds.classNames, FASHION_MNIST_CLASSES);
  },
);

test("a download whose checksum does not match the official MD5 is refused and removed", async () => {
  const body = gzipSync(idx([1], Uint8Array.from([1])));
  const server = createServer((_, res) => res.end(body));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const dir = await mkdtemp(join(tmpdir(), "tslab-ml-dl-"));
  try {
    const { port } = server.address() as AddressInfo;
    await assert.rejects(
      loadFashionMnist({ split: "test", dir, baseUrl: `http://127.0.0.1:${port}/`, progress: false }),
      /download of http:\/\/127\.0\.0\.1:\d+\/t10k-images-idx3-ubyte\.gz is corrupt: MD5 [0-9a-f]{32}, expected bef4ecab320f06d8554ea6380940ec79.*pass \{ dir \}/s,
    );
    assert.deepEqual(await readdir(dir), [], "no partial or corrupt file is left behind");
  } finally {
    server.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("readIdxFile refuses what is not an IDX file by its kind and size, before reading it", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tslab-ml-idx-"));
  try {
    // A named pipe with no writer would block a plain read for ever.
    execFileSync("mkfifo", [join(dir, "pipe-idx3-ubyte")]);
    await assert.rejects(
      readIdxFile(join(dir, "pipe-idx3-ubyte")),
      /pipe-idx3-ubyte is not a regular file \(a named pipe\)/,
    );
    await assert.rejects(readIdxFile(dir), /is not a regular file \(a folder\)/);
    await assert.rejects(
      readIdxFile(join(dir, "absent")),
      /absent does not exist: give the path of an IDX file/,
    );
    // Sparse: 1 GiB + 1 byte of nothing on disk; refused from its size alone.
    const huge = join(dir, "huge-idx3-ubyte");
    await writeFile(huge, "");
    truncateSync(huge, 2 ** 30 + 1);
    await assert.rejects(readIdxFile(huge), /holds 1073741825 bytes, more than the 1073741824 read/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
