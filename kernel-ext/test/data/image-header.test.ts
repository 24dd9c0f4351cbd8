import assert from "node:assert/strict";
import { test } from "node:test";
import sharp from "sharp";
import { parseHeader, pngLayout } from "../../src/data/image-header";
import { decodePlainPng, isPlainPng } from "../../src/data/png-decode";
import { decodeImage, readHeader } from "../../src/data/read-image";
import { seededRandom } from "../../src/util/random";

/** A w×h RGB picture with smooth gradients, noise and flat areas, so that every PNG row filter gets used. */
function picture(w: number, h: number, seed: number): Buffer {
  const random = seededRandom(seed);
  const data = Buffer.alloc(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      const flat = x < w / 3;
      data[i] = flat ? 40 : (x * 7 + y * 3) & 255;
      data[i + 1] = flat ? 200 : Math.floor(random() * 256);
      data[i + 2] = flat ? 90 : (x * y) & 255;
    }
  }
  return data;
}

const raw = (w: number, h: number) => ({ raw: { width: w, height: h, channels: 3 as const } });

/** Files of many kinds: what sharp's metadata() says of them is what parseHeader must say, or it must decline. */
async function variants(): Promise<[string, Buffer][]> {
  const out: [string, Buffer][] = [];
  for (const [w, h] of [
    [1, 1],
    [28, 28],
    [37, 13],
    [64, 48],
  ] as const) {
    const rgb = picture(w, h, w * 31 + h);
    const s = (): sharp.Sharp => sharp(rgb, raw(w, h));
    out.push(
      [`png rgb ${w}x${h}`, await s().png({ adaptiveFiltering: true }).toBuffer()],
      [
        `png rgb ${w}x${h} level 9`,
        await s().png({ compressionLevel: 9, adaptiveFiltering: true }).toBuffer(),
      ],
      [
        `png rgb ${w}x${h} no filter`,
        await s().png({ compressionLevel: 1, adaptiveFiltering: false }).toBuffer(),
      ],
      [`png gray ${w}x${h}`, await s().toColourspace("b-w").png({ adaptiveFiltering: true }).toBuffer()],
      [`png gray16 ${w}x${h}`, await s().toColourspace("grey16").png().toBuffer()],
      [`png rgba ${w}x${h}`, await s().ensureAlpha(0.5).png().toBuffer()],
      [`png gray+alpha ${w}x${h}`, await s().toColourspace("b-w").ensureAlpha(0.5).png().toBuffer()],
      [`png palette ${w}x${h}`, await s().png({ palette: true }).toBuffer()],
      [`png palette+alpha ${w}x${h}`, await s().ensureAlpha(0.5).png({ palette: true }).toBuffer()],
      [`png interlaced ${w}x${h}`, await s().png({ progressive: true }).toBuffer()],
      [`png rgb16 ${w}x${h}`, await s().toColourspace("rgb16").png().toBuffer()],
      [`jpeg ${w}x${h}`, await s().jpeg().toBuffer()],
      [`jpeg gray ${w}x${h}`, await s().toColourspace("b-w").jpeg().toBuffer()],
      [`jpeg progressive ${w}x${h}`, await s().jpeg({ progressive: true }).toBuffer()],
      [`jpeg cmyk ${w}x${h}`, await s().toColourspace("cmyk").jpeg().toBuffer()],
      [`webp ${w}x${h}`, await s().webp().toBuffer()],
    );
    for (const orientation of [3, 6, 8]) {
      out.push([
        `jpeg orientation ${orientation} ${w}x${h}`,
        await s().jpeg().withMetadata({ orientation }).toBuffer(),
      ]);
    }
  }
  return out;
}

test("PNG and JPEG headers parsed in JavaScript say what sharp's metadata() says, or decline", async () => {
  let parsed = 0;
  for (const [name, bytes] of await variants()) {
    const header = parseHeader(bytes);
    const fromSharp = await readHeader(
      name,
      name.startsWith("webp") ? bytes : Buffer.from(bytes),
      bytes.length,
    );
    if (name.startsWith("webp")) {
      assert.equal(header, undefined, `${name}: not parsed in JavaScript`);
      continue;
    }
    assert.ok(header, `${name}: parsed`);
    parsed++;
    const m = await sharp(bytes).metadata();
    const expected = {
      format: m.format,
      width: m.autoOrient.width,
      height: m.autoOrient.height,
      channels: m.channels,
      gray: m.space === "b-w" || m.space === "grey16" || (m.channels ?? 3) <= 2,
      hasAlpha: m.hasAlpha,
    };
    assert.deepEqual(header, expected, name);
    assert.deepEqual(
      [
        fromSharp.meta.width,
        fromSharp.meta.height,
        fromSharp.meta.channels,
        fromSharp.meta.format,
        fromSharp.gray,
        fromSharp.hasAlpha,
      ],
      [expected.width, expected.height, expected.channels, expected.format, expected.gray, expected.hasAlpha],
      `${name}: readHeader`,
    );
  }
  assert.ok(parsed >= 60);
  assert.equal(parseHeader(Buffer.from("this is not a jpeg at all")), undefined);
  assert.equal(parseHeader(Buffer.alloc(0)), undefined);
});

test("plain PNGs decoded in JavaScript are byte-for-byte sharp's decode; other PNGs are left to sharp", async () => {
  let plain = 0;
  for (const [name, bytes] of await variants()) {
    if (!name.startsWith("png")) continue;
    const header = await readHeader(name, bytes, bytes.length);
    const layout = pngLayout(bytes)!;
    for (const channels of [1, 3] as const) {
      const target = {
        width: header.meta.width,
        height: header.meta.height,
        channels,
        fit: "cover" as const,
      };
      // A path string makes decodeImage use sharp; bytes let it take the JavaScript decoder.
      const viaSharp = await decodeImage(await toFile(bytes), header, target);
      const viaBytes = await decodeImage(bytes, header, target);
      assert.deepEqual(Buffer.from(viaBytes), Buffer.from(viaSharp), `${name} → ${channels} channel(s)`);
      if (isPlainPng(layout, channels)) {
        plain++;
        assert.deepEqual(
          Buffer.from(decodePlainPng(bytes, layout, channels)),
          Buffer.from(viaSharp),
          `${name}: JavaScript decoder`,
        );
      }
    }
  }
  // rgb and gray at 4 sizes and 3 filter settings (gray: 1): gray → 1 and 3 channels, RGB → 3.
  assert.ok(plain >= 20, `${plain} plain decodes`);
});

test("a corrupt plain PNG is rejected: bad CRC, truncated data", async () => {
  const bytes = await sharp(picture(28, 28, 1), raw(28, 28))
    .toColourspace("b-w")
    .png()
    .toBuffer();
  const layout = pngLayout(bytes)!;
  assert.ok(isPlainPng(layout, 1));
  const flipped = Buffer.from(bytes);
  const [start] = layout.idat[0]!;
  flipped[start + 5]! ^= 0x40;
  assert.throws(() => decodePlainPng(flipped, pngLayout(flipped)!, 1));
  const truncated = bytes.subarray(0, Math.floor(bytes.length / 2));
  assert.equal(isPlainPng(pngLayout(truncated)!, 1), false, "no IEND: not plain, sharp decides");
  await assert.rejects(
    decodeImage(truncated, await readHeader("t.png", truncated, truncated.length), {
      width: 28,
      height: 28,
      channels: 1,
      fit: "cover",
    }),
  );
});

test("files over 1 MB: the header comes from their first bytes (JPEG) or from sharp (PNG); meta and pixels are right", async () => {
  const { loadImageFolder } = await import("../../src/data/load-image-folder");
  const { mkdir, stat } = await import("node:fs/promises");
  const dir = `${tmp}/big`;
  for (const cls of ["a", "b"]) await mkdir(`${dir}/${cls}`, { recursive: true });
  const noise = (w: number, h: number): Buffer => {
    const random = seededRandom(w);
    return Buffer.from(Uint8Array.from({ length: w * h * 3 }, () => Math.floor(random() * 256)));
  };
  // 1200×900 noise: a JPEG at quality 100 and a PNG both weigh more than 1 MB.
  await sharp(noise(1200, 900), raw(1200, 900))
    .jpeg({ quality: 100 })
    .withMetadata({ orientation: 6 })
    .toFile(`${dir}/a/big.jpg`);
  await sharp(noise(1200, 900), raw(1200, 900)).png().toFile(`${dir}/b/big.png`);
  await sharp(picture(90, 70, 2), raw(90, 70))
    .png()
    .toFile(`${dir}/b/small.png`);
  for (const name of ["a/big.jpg", "b/big.png"])
    assert.ok((await stat(`${dir}/${name}`)).size > 1024 * 1024, `${name} is over 1 MB`);
  const ds = await loadImageFolder(dir, { progress: false });
  const metas = Array.from({ length: ds.length }, (_, i) => ds.meta(i));
  const byName = (name: string) => metas.find((m) => m.path.endsWith(name))!;
  assert.deepEqual(
    [byName("big.jpg").width, byName("big.jpg").height, byName("big.jpg").format],
    [900, 1200, "jpeg"],
    "EXIF orientation 6 swaps the sides",
  );
  assert.deepEqual(
    [byName("big.png").width, byName("big.png").height, byName("big.png").format],
    [1200, 900, "png"],
  );
  assert.equal(byName("big.jpg").bytes, (await stat(`${dir}/a/big.jpg`)).size);
  assert.deepEqual(
    ds.imageShape,
    [1200, 900, 3],
    "a tie in count and area: the first size met (the JPEG, upright 900 wide and 1200 high)",
  );
  const i = metas.indexOf(byName("small.png"));
  const viaSharp = await sharp(`${dir}/b/small.png`).resize(900, 1200, { fit: "cover" }).raw().toBuffer();
  assert.deepEqual(Buffer.from(ds.pixels(i)), viaSharp);
});

let fileCount = 0;
const tmp = `${process.env.TMPDIR ?? "/tmp"}/tslab-ml-header-test-${process.pid}`;
async function toFile(bytes: Buffer): Promise<string> {
  const { mkdir, writeFile } = await import("node:fs/promises");
  await mkdir(tmp, { recursive: true });
  const path = `${tmp}/${fileCount++}.png`;
  await writeFile(path, bytes);
  return path;
}
test.after(async () => {
  const { rm } = await import("node:fs/promises");
  await rm(tmp, { recursive: true, force: true });
});
