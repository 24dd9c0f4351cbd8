import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { mkdir, mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import sharp from "sharp";
import { ImageDataset } from "../../src/data/image-dataset";
import { loadImageFolder } from "../../src/data/load-image-folder";
import { saneFileName } from "../../src/outliers/clean-folder";
import { findOutliers } from "../../src/outliers/find-outliers";
import { seededRandom } from "../../src/util/random";
import { CLASSES, drawImage, type RawImage } from "./planted-dataset";

let root: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), "tslab-ml-act-"));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function writePng(img: RawImage, path: string, blur?: number): Promise<void> {
  let s = sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } });
  if (blur) s = s.blur(blur);
  await s.png().toFile(path);
}

/** Folder of 3 classes × 30 images; returns the planted file names of each kind. */
async function folder(
  name: string,
  draw: (random: () => number, cls: (typeof CLASSES)[number], k: number) => Promise<RawImage | undefined>,
): Promise<string> {
  const dir = join(root, name);
  const random = seededRandom(5);
  for (const cls of CLASSES) {
    await mkdir(join(dir, cls), { recursive: true });
    for (let k = 0; k < 30; k++) {
      const img = await draw(random, cls, k);
      if (img) await writePng(img, join(dir, cls, `n${k}.png`));
    }
  }
  return dir;
}

test("blurry is judged against the image's own class too: a blurred image among sharp ones is found", async () => {
  // Two classes are soft overall (blurred 1.5), one is sharp; six of the sharp class are blurred as much as
  // the soft classes. Against the pooled median they look ordinary; against their own class they are not.
  const dir = await folder("blur", async () => undefined);
  const random = seededRandom(9);
  const planted = new Set<string>();
  for (const cls of CLASSES) {
    for (let k = 0; k < 30; k++) {
      const soft = cls !== "red";
      const plant = cls === "red" && k < 6;
      const name = plant ? `p_blur_${k}.png` : `n${k}.png`;
      await writePng(drawImage(random, cls, 64, 64), join(dir, cls, name), soft || plant ? 1.5 : undefined);
      if (plant) planted.add(name);
    }
  }
  const ds = await loadImageFolder(dir, { size: 64, progress: false });
  const report = await findOutliers(ds, { checks: ["blurry"], progress: false });
  const flagged = new Set(report.byKind("blurry").map((i) => basename(ds.meta(i.index).path)));
  const hits = [...flagged].filter((n) => planted.has(n)).length;
  assert.ok(hits / planted.size >= 0.9, `recall ${hits}/${planted.size}: ${[...flagged]}`);
  assert.ok(hits / flagged.size >= 0.9, `precision ${hits}/${flagged.size}: ${[...flagged]}`);
});

test("small files upscaled at load are odd_size (from the original size in meta) and score for every image", async () => {
  const planted = new Set<string>();
  const dir = await folder("small", async (random, cls, k) => {
    if (k < 3) {
      planted.add(`${cls}/n${k}.png`);
      return drawImage(random, cls, 20, 20);
    }
    return drawImage(random, cls, 28, 28);
  });
  const ds = await loadImageFolder(dir, { size: 28, progress: false });
  assert.equal(ds.meta(0).width, 20, "meta keeps the file's own size");
  const report = await findOutliers(ds, { checks: ["odd_size", "noisy"], progress: false });
  const flagged = new Set(
    report.byKind("odd_size").map((i) => ds.meta(i.index).path.split("/").slice(-2).join("/")),
  );
  assert.deepEqual(flagged, planted);
  const sizes = report.scores("odd_size");
  assert.equal(sizes.length, ds.length);
  const flaggedMin = Math.min(...report.byKind("odd_size").map((i) => i.score));
  for (let i = 0; i < ds.length; i++) {
    if (!planted.has(ds.meta(i).path.split("/").slice(-2).join("/")))
      assert.ok((sizes[i] as number) < flaggedMin, "higher is worse: every planted image outscores the rest");
  }
  assert.equal(report.scores("noisy").length, ds.length);
  assert.throws(() => report.scores("dark"), /"dark" did not run; kinds that ran: noisy, odd_size/);
});

test("relabel and exclude, then clean(), toCSV(), toJSON() and an atomic writeCleanFolder of hard links", async () => {
  const dir = await folder("act", async (random, cls, k) =>
    drawImage(random, cls, 24 + (k % 3), 24 + (k % 2)),
  );
  // A hostile file name: a spreadsheet formula.
  await writePng(drawImage(seededRandom(1), "red", 24, 24), join(dir, "red", "=HYPERLINK(1).png"));
  const ds = await loadImageFolder(dir, { size: 24, progress: false });
  const report = await findOutliers(ds, { checks: ["dark", "odd_size"], progress: false });
  const blueShown = ds.classNames.indexOf("blue");
  const red = ds.classNames.indexOf("red");
  const moved = ds.labels.findIndex((y, i) => y === blueShown && i >= 2);
  report.relabeled.set(moved, red);
  report.excluded.add(0).add(1);
  const clean = report.clean();
  assert.equal(clean.length, ds.length - 2);
  assert.equal(clean.classCounts[red], ds.classCounts[red]! + 1);

  const csv = report.toCSV().trimEnd().split("\n");
  assert.equal(csv.length, ds.length + 1);
  assert.deepEqual(csv[0]!.split(","), [
    "index",
    "path",
    "label",
    "issues",
    "excluded",
    "new_label",
    "dark",
    "odd_size",
  ]);
  const hostile = csv.find((line) => line.includes("HYPERLINK"))!;
  assert.ok(!hostile.split(",")[1]!.startsWith("="), "no cell starts with a formula sign");
  const json = JSON.parse(JSON.stringify(report)) as {
    excluded: { index: number }[];
    relabeled: { index: number; from: string; to: string }[];
  };
  assert.deepEqual(
    json.excluded.map((e) => e.index),
    [0, 1],
  );
  assert.deepEqual(json.relabeled, [{ index: moved, path: ds.meta(moved).path, from: "blue", to: "red" }]);

  const sourceBefore = await snapshot(dir);
  const out = join(root, "act-clean");
  const summary = await report.writeCleanFolder(out);
  assert.equal(summary.written, ds.length - 2);
  assert.equal(summary.linked, ds.length - 2, "same file system: hard links");
  assert.equal(summary.relabeled, 1);
  const movedName = basename(ds.meta(moved).path);
  const movedCopy = await stat(join(out, "red", movedName));
  assert.equal(movedCopy.ino, (await stat(ds.meta(moved).path)).ino, "a hard link to the source");
  await assert.rejects(stat(join(out, "blue", movedName)));
  await assert.rejects(stat(join(out, basename(dirname0(ds.meta(0).path)), basename(ds.meta(0).path))));
  assert.deepEqual(await snapshot(dir), sourceBefore, "the source folder is untouched");
  await assert.rejects(
    report.writeCleanFolder(out),
    /already exists; choose a new folder or pass \{ overwrite: true \}/,
  );
  await assert.rejects(report.writeCleanFolder(dir, { overwrite: true }), /holds the dataset's own images/);

  // A failure halfway (a source file vanished) leaves neither the target nor a temporary folder behind.
  await unlink(ds.meta(ds.length - 1).path);
  const failed = join(root, "act-failed");
  await assert.rejects(report.writeCleanFolder(failed), /could not write .*act-failed/);
  assert.deepEqual(
    (await readdir(root)).filter((n) => n.includes("act-failed")),
    [],
    "no partial folder",
  );
});

test("in-memory images are written as PNGs under class folders with safe names", async () => {
  const random = seededRandom(2);
  const ds = new ImageDataset({
    pixels: Uint8Array.from({ length: 6 * 8 * 8 }, () => Math.floor(random() * 256)),
    height: 8,
    width: 8,
    channels: 1,
    labels: Int32Array.from([0, 1, 0, 1, 0, 1]),
    classNames: ["T-shirt/top", ".."],
    source: { path: "memory", format: "raw" },
  });
  const report = await findOutliers(ds, { checks: ["dark"], progress: false });
  const out = join(root, "memory-clean");
  const summary = await report.writeCleanFolder(out);
  assert.equal(summary.encoded, 6);
  assert.deepEqual((await readdir(out)).sort(), ["T-shirt_top", "_.."]);
  const file = join(out, "T-shirt_top", (await readdir(join(out, "T-shirt_top")))[0]!);
  const { data, info } = await sharp(await readFile(file))
    .raw()
    .toBuffer({ resolveWithObject: true });
  assert.equal(info.width, 8);
  const gray = Uint8Array.from({ length: 64 }, (_, i) => data[i * info.channels] as number);
  assert.deepEqual(gray, ds.pixels(0));
});

test("writeCleanFolder: files whose names are not UTF-8 are linked from their bytes under a %XX name", async () => {
  const dir = await folder("latin1", async (random, cls, k) =>
    k < 4 ? drawImage(random, cls, 24, 24) : undefined,
  );
  // Latin-1 names, as an old camera or a Windows share writes them: "café.png", "cafè.png".
  const png = async (): Promise<Buffer> =>
    sharp(Buffer.from(drawImage(seededRandom(3), "red", 24, 24).data), {
      raw: { width: 24, height: 24, channels: 3 },
    })
      .png()
      .toBuffer();
  const redDir = Buffer.from(join(dir, "red") + "/");
  const latin1 = [Buffer.from("caf\xe9.png", "latin1"), Buffer.from("caf\xe8.png", "latin1")];
  for (const name of latin1) await writeFile(Buffer.concat([redDir, name]), await png());
  const ds = await loadImageFolder(dir, { size: 24, progress: false });
  const odd = Array.from({ length: ds.length }, (_, i) => i).filter((i) => ds.meta(i).pathBytes);
  assert.equal(odd.length, 2, "both files loaded, their metas keep the bytes");
  for (const i of odd) assert.match(ds.meta(i).path, /caf\uFFFD\.png$/);
  const report = await findOutliers(ds, { checks: ["dark"], progress: false });
  const blue = ds.classNames.indexOf("blue");
  report.relabeled.set(odd[1]!, blue);
  const out = join(root, "latin1-clean");
  const summary = await report.writeCleanFolder(out);
  assert.equal(summary.written, ds.length);
  assert.equal(summary.linked, ds.length);
  // The folder lists by bytes: the name of each is "caf%XX.png" with its own Latin-1 byte.
  const nameOf = (i: number): string => `caf%${ds.meta(i).pathBytes!.at(-5)!.toString(16).toUpperCase()}.png`;
  assert.deepEqual(new Set([nameOf(odd[0]!), nameOf(odd[1]!)]), new Set(["caf%E9.png", "caf%E8.png"]));
  const expected = [`red/${nameOf(odd[0]!)}`, `blue/${nameOf(odd[1]!)}`];
  assert.deepEqual(summary.renamed.map((r) => r.as).sort(), [...expected].sort());
  for (const [k, i] of odd.entries()) {
    const written = await stat(join(out, expected[k]!));
    assert.equal(
      written.ino,
      (await stat(Buffer.from(ds.meta(i).pathBytes!))).ino,
      `${expected[k]} links its own source`,
    );
  }
  assert.equal(saneFileName(Buffer.from("a\xc3\xa9\xff\xc0\xaf.png", "latin1")), "aé%FF%C0%AF.png");

  // Gone after loading: a clear error naming the file, and nothing written.
  await unlink(Buffer.concat([redDir, latin1[0]!]));
  const failed = join(root, "latin1-failed");
  await assert.rejects(
    report.writeCleanFolder(failed),
    /could not write .*latin1-failed: .*caf\uFFFD\.png no longer exists/,
  );
  assert.deepEqual(
    (await readdir(root)).filter((n) => n.includes("latin1-failed")),
    [],
    "no partial folder",
  );
});

function dirname0(path: string): string {
  return path.slice(0, path.lastIndexOf("/"));
}

async function snapshot(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const cls of await readdir(dir)) {
    for (const name of await readdir(join(dir, cls))) {
      const info = await stat(join(dir, cls, name));
      out.push(`${cls}/${name}:${info.size}:${info.mtimeMs}`);
    }
  }
  return out.sort();
}
