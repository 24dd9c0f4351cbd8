#!/usr/bin/env node
// Renders the kernelspec logos (kernel-ext/assets/logo-32x32.png and logo-64x64.png) from one SVG drawing:
// a TypeScript-blue tile with a falling training-loss curve. Run once when the drawing changes; the PNGs are
// committed so installing needs no renderer. Shapes only (no text), so the result does not depend on fonts.
import { Buffer } from "node:buffer";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const require = createRequire(import.meta.url);
const sharp = require(
  require.resolve("sharp", { paths: [new URL("../kernel-ext", import.meta.url).pathname] }),
);

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">
  <rect x="2" y="2" width="60" height="60" rx="10" fill="#3178c6"/>
  <path d="M12 14 V50 H52" fill="none" stroke="#ffffff" stroke-opacity="0.55" stroke-width="3" stroke-linecap="round"/>
  <path d="M16 16 C22 34, 28 40, 36 42 S48 44, 52 44" fill="none" stroke="#ffffff" stroke-width="5" stroke-linecap="round"/>
  <circle cx="16" cy="16" r="4" fill="#ff9f1c"/>
  <circle cx="52" cy="44" r="4" fill="#ff9f1c"/>
</svg>`;

const out = new URL("../kernel-ext/assets/", import.meta.url).pathname;
mkdirSync(out, { recursive: true });
for (const size of [32, 64]) {
  const file = join(out, `logo-${size}x${size}.png`);
  await sharp(Buffer.from(svg), { density: 72 * (size / 64) * 4 })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(file);
  console.log(`wrote ${file}`);
}
