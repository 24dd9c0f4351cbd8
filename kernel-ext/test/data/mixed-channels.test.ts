import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import sharp from "sharp";
import { loadImageFolder } from "../../src/data/load-image-folder";

test("a gray folder with one RGB file stays gray, and the warning names the file and the option", async () => {
  const dir = await mkdtemp(join(tmpdir(), "tslab-ml-mixed-"));
  try {
    for (const cls of ["a", "b"]) {
      await mkdir(join(dir, cls));
      for (let k = 0; k < 5; k++) {
        const noise = Buffer.from(Array.from({ length: 16 * 16 }, (_, i) => (i * 37 + k * 11) % 256));
        await sharp(noise, { raw: { width: 16, height: 16, channels: 1 } })
          .toColourspace("b-w")
          .png()
          .toFile(join(dir, cls, `g${k}.png`));
      }
    }
    const colour = Buffer.from(Array.from({ length: 16 * 16 * 3 }, (_, i) => (i * 53) % 256));
    await sharp(colour, { raw: { width: 16, height: 16, channels: 3 } })
      .png()
      .toFile(join(dir, "b", "colour.png"));
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (message: string) => warnings.push(message);
    let gray;
    try {
      gray = await loadImageFolder(dir, { progress: false });
    } finally {
      console.warn = warn;
    }
    assert.equal(gray.imageShape[2], 1);
    assert.equal(gray.length, 11);
    assert.equal(warnings.length, 1);
    assert.match(
      warnings[0]!,
      /mixes gray and colour images: 10 gray, 1 colour\. Loaded as gray \(1 channel\)/,
    );
    assert.match(warnings[0]!, /converted: \S+\/b\/colour\.png\. Pass \{ channels: 3 \}/);
    const rgb = await loadImageFolder(dir, { channels: 3, progress: false });
    assert.equal(rgb.imageShape[2], 3);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
