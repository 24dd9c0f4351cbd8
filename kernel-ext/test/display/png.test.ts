import assert from "node:assert/strict";
import { test } from "node:test";
import sharp from "sharp";
import { encodePng } from "../../src/display/png";

// Decoded by a real library (sharp/libvips), not by our own code.
for (const channels of [1, 2, 3, 4] as const) {
  test(`a ${channels}-channel PNG decodes to the same pixels`, async () => {
    const width = 7;
    const height = 5;
    const pixels = Uint8Array.from({ length: width * height * channels }, (_, i) => (i * 37) % 256);
    const png = encodePng(pixels, width, height, channels);
    const meta = await sharp(png).metadata();
    assert.equal(meta.width, width);
    assert.equal(meta.height, height);
    assert.equal(meta.channels, channels);
    // libvips hands gray images back as RGB(A): expand ours the same way to compare.
    const { data } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const expected: number[] = [];
    for (let p = 0; p < width * height; p++) {
      const px = [...pixels.subarray(p * channels, (p + 1) * channels)];
      if (channels === 1) expected.push(px[0]!, px[0]!, px[0]!);
      else if (channels === 2) expected.push(px[0]!, px[0]!, px[0]!, px[1]!);
      else expected.push(...px);
    }
    assert.deepEqual([...data], expected);
  });
}

test("wrong sizes are refused with the numbers", () => {
  assert.throws(() => encodePng(new Uint8Array(10), 2, 2, 3), /expected 12 bytes for 2×2×3, got 10/);
  assert.throws(() => encodePng(new Uint8Array(0), 0, 2, 1), /positive integers/);
});
