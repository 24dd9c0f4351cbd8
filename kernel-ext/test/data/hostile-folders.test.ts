import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { after, before, test } from "node:test";
import sharp from "sharp";
import { loadImageFolder } from "../../src/data/load-image-folder";
import { writeFakeHeaderPng, writePngBomb } from "./png-bomb";

// Image folders as an attacker or a messy disk makes them: pipes named like images, link loops, names
// that are not UTF-8, decompression bombs and lying headers. Each load must end, keep the good images
// and list every other entry in ds.skipped with its reason.

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), "tslab-ml-hostile-"));
});
after(() => rmSync(root, { recursive: true, force: true }));

function folder(name: string, classes: string[]): string {
  const dir = join(root, name);
  for (const c of classes) mkdirSync(join(dir, c), { recursive: true });
  return dir;
}

function grayPng(path: string | Buffer, side: number, value: number): Promise<unknown> {
  return sharp(Buffer.alloc(side * side, value), { raw: { width: side, height: side, channels: 1 } })
    .toColourspace("b-w")
    .png()
    .toBuffer()
    .then((bytes) => writeFileSync(path, bytes));
}

const reasons = (skipped: readonly { path: string; reason: string }[]): Map<string, string> =>
  new Map(skipped.map((s) => [basename(s.path), s.reason]));

test("a FIFO named like an image is skipped, never opened; the load ends with the other images", async () => {
  const dir = folder("fifo", ["a", "b"]);
  await grayPng(join(dir, "a", "ok.png"), 8, 10);
  await grayPng(join(dir, "b", "ok.png"), 8, 200);
  const fifo = join(dir, "a", "stuck.png");
  assert.equal(spawnSync("mkfifo", [fifo]).status, 0, "mkfifo works here");
  // If the loader opened the pipe for reading it would block the whole process; this writer releases it
  // after 20 s so that a regression fails the assertions below instead of hanging the test run.
  const release = spawn("sh", ["-c", `sleep 20; : > '${fifo}'`], { stdio: "ignore" });
  try {
    const ds = await loadImageFolder(dir, { progress: false });
    assert.equal(ds.length, 2);
    assert.match(reasons(ds.skipped).get("stuck.png") ?? "", /named pipe \(FIFO\), not a regular file/);
  } finally {
    release.kill();
  }
});

test("symbolic links are followed once per real path: loops end, no file is loaded twice", async () => {
  const dir = folder("links", ["a", "b"]);
  await grayPng(join(dir, "a", "one.png"), 8, 10);
  await grayPng(join(dir, "b", "two.png"), 8, 200);
  symlinkSync("..", join(dir, "a", "up")); // back to the dataset folder
  symlinkSync(".", join(dir, "a", "self")); // to itself
  symlinkSync(join(dir, "b"), join(dir, "a", "other-class")); // into another class
  symlinkSync("one.png", join(dir, "a", "again.png")); // a second path to a file
  symlinkSync("loop-y.png", join(dir, "b", "loop-x.png")); // x → y → x
  symlinkSync("loop-x.png", join(dir, "b", "loop-y.png"));
  symlinkSync("missing.png", join(dir, "b", "broken.png"));
  mkdirSync(join(dir, "b", "deep"));
  symlinkSync(join(dir, "b"), join(dir, "b", "deep", "parent"));

  const ds = await loadImageFolder(dir, { progress: false });
  assert.equal(ds.length, 2, "each image once");
  assert.deepEqual(Array.from(ds.labels), [0, 1]);
  const why = reasons(ds.skipped);
  for (const name of ["up", "self", "other-class", "parent"])
    assert.match(why.get(name) ?? "", /a folder already listed/, name);
  // again.png sorts first, so it is the path kept; one.png is the same file reached again.
  assert.match(why.get("one.png") ?? "", /the same file as .*again\.png/);
  assert.match(why.get("loop-x.png") ?? "", /symbolic link loop/);
  assert.match(why.get("broken.png") ?? "", /broken symbolic link \(ENOENT\)/);
});

test("file and folder names that are not UTF-8 still load; meta shows them readably", async () => {
  const dir = folder("latin1", ["a"]);
  const latin1 = (name: string): Buffer => Buffer.from(name, "latin1"); // é as the single byte 0xe9
  const classDir = Buffer.concat([Buffer.from(dir + "/"), latin1("caf\xe9")]);
  mkdirSync(classDir);
  await grayPng(Buffer.concat([classDir, Buffer.from("/"), latin1("\xe9t\xe9.png")]), 8, 50);
  await grayPng(join(dir, "a", "plain.png"), 8, 100);
  // Over 1 MB: its header is read by sharp from the whole file rather than from the first bytes.
  const noise = Buffer.from(Array.from({ length: 800 * 800 }, (_, i) => (i * 7919) % 251));
  writeFileSync(
    Buffer.concat([Buffer.from(dir + "/a/"), latin1("gro\xdf.png")]),
    await sharp(noise, { raw: { width: 800, height: 800, channels: 1 } })
      .png({ compressionLevel: 0 })
      .toBuffer(),
  );
  for (const options of [{}, { size: 8, channels: 1 } as const]) {
    const ds = await loadImageFolder(dir, { ...options, progress: false });
    assert.deepEqual(ds.skipped, []);
    assert.equal(ds.length, 3);
    assert.deepEqual(ds.classNames, ["a", "caf\ufffd"]);
    const paths = Array.from({ length: 3 }, (_, i) => basename(ds.meta(i).path));
    assert.deepEqual(paths.sort(), ["gro\ufffd.png", "plain.png", "\ufffdt\ufffd.png"]);
  }
});

test("a fake huge header beside a normal image is skipped and never sets the dataset size", async () => {
  const dir = folder("fake-header", ["a", "b"]);
  writeFakeHeaderPng(join(dir, "a", "huge.png"), 100_000, 100_000);
  await grayPng(join(dir, "b", "normal.png"), 12, 90);
  for (const options of [{}, { channels: 1 } as const, { size: 12, channels: 1 } as const]) {
    const ds = await loadImageFolder(dir, { ...options, progress: false });
    assert.deepEqual(ds.imageShape, [12, 12, 1]);
    assert.equal(ds.length, 1);
    assert.match(
      reasons(ds.skipped).get("huge.png") ?? "",
      /^too many pixels: 100000×100000 = 10,000,000,000 is over the limit of 268,402,689 \(a decompression bomb/,
    );
  }
});

test("maxPixels holds for every decoder: PNG and JPEG headers read in JavaScript, other formats by sharp", async () => {
  const dir = folder("max-pixels", ["a"]);
  const rgb = (side: number): sharp.Sharp =>
    sharp(Buffer.alloc(side * side * 3, 120), { raw: { width: side, height: side, channels: 3 } });
  await rgb(20)
    .png()
    .toFile(join(dir, "a", "big.png"));
  await rgb(20)
    .jpeg()
    .toFile(join(dir, "a", "big.jpg"));
  await rgb(20)
    .webp()
    .toFile(join(dir, "a", "big.webp"));
  await rgb(10)
    .png()
    .toFile(join(dir, "a", "small.png"));
  for (const options of [{}, { size: 10, channels: 3 } as const]) {
    const ds = await loadImageFolder(dir, { ...options, maxPixels: 100, progress: false });
    assert.equal(ds.length, 1);
    const why = reasons(ds.skipped);
    for (const name of ["big.png", "big.jpg", "big.webp"])
      assert.match(why.get(name) ?? "", /too many pixels: 20×20 = 400 is over the limit of 100/, name);
  }
  await assert.rejects(loadImageFolder(dir, { maxPixels: 0 }), /maxPixels must be a positive integer/);
  await assert.rejects(
    loadImageFolder(dir, { size: 20, maxPixels: 100 }),
    /size 20×20 is over maxPixels \(100\); pass a smaller size, or raise maxPixels/,
  );
  await assert.rejects(
    loadImageFolder(dir, { size: [100_000, 100_000], maxPixels: 100_000 * 100_000, progress: false }),
    /need 111\.8 GiB, more than can be allocated; pass a smaller size/,
  );
});

test("a real decompression bomb (0.9 MB → 30000×30000) is skipped; peak memory stays far below its size", () => {
  const dir = folder("bomb", ["a", "b"]);
  const fileBytes = writePngBomb(join(dir, "a", "bomb.png"), 30_000, 30_000);
  assert.ok(fileBytes < 1_000_000, `the bomb is a small file (${fileBytes} bytes)`);
  const decodedBytes = 30_000 * 30_000;
  const script =
    `require("sharp")(Buffer.alloc(28 * 28, 90), { raw: { width: 28, height: 28, channels: 1 } })` +
    `.toColourspace("b-w").png().toFile(${JSON.stringify(join(dir, "b", "normal.png"))})`;
  assert.equal(spawnSync(process.execPath, ["-e", script]).status, 0);
  // One gray image beside the bomb: the layout in which the load used to pick the bomb's size and decode
  // it (peak RSS +3.6 GB). Each load runs in a fresh process, for a peak RSS of its own.
  for (const options of [{}, { size: 28, channels: 1 }]) {
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", join(__dirname, "load-peak-rss.ts"), dir, JSON.stringify(options)],
      { encoding: "utf8", maxBuffer: 1 << 20 },
    );
    assert.equal(child.status, 0, child.stderr);
    const result = JSON.parse(child.stdout) as {
      peakGrowthBytes: number;
      length: number;
      imageShape: number[];
      skipped: { path: string; reason: string }[];
    };
    assert.equal(result.length, 1);
    assert.deepEqual(result.imageShape, [28, 28, 1]);
    assert.match(reasons(result.skipped).get("bomb.png") ?? "", /too many pixels: 30000×30000/);
    assert.ok(
      result.peakGrowthBytes < decodedBytes / 10,
      `peak RSS grew by ${(result.peakGrowthBytes / 1e6).toFixed(0)} MB; the bomb decodes to ${decodedBytes / 1e6} MB`,
    );
  }
});
