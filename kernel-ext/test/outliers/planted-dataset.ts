// Generates image-folder datasets with planted problems, written with sharp into a temp dir, and knows
// which file holds which problem. Classes are told apart by the hue of the background; every image has
// its own random shapes (bright and dark), so normal images are sharp, colourful and all different.
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { seededRandom } from "../../src/util/random";

export const CLASSES = ["blue", "green", "red"] as const;
const HUES: Record<(typeof CLASSES)[number], [number, number, number]> = {
  blue: [40, 70, 200],
  green: [40, 170, 60],
  red: [200, 50, 40],
};

export interface RawImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A class-coloured background with random rectangles and discs of random colours, some near white/black. */
export function drawImage(
  random: () => number,
  cls: (typeof CLASSES)[number],
  width: number,
  height: number,
): RawImage {
  const data = new Uint8Array(width * height * 3);
  const base = HUES[cls].map((v) => Math.max(0, Math.min(255, v + (random() - 0.5) * 60)));
  for (let i = 0; i < width * height; i++) data.set(base, i * 3);
  const shapes = 7;
  for (let s = 0; s < shapes; s++) {
    const colour =
      s === 0
        ? [245, 245, 245]
        : s === 1
          ? [10, 10, 10]
          : [random() * 255, random() * 255, random() * 255].map(Math.round);
    const cx = random() * width;
    const cy = random() * height;
    const r = (0.08 + random() * 0.18) * Math.min(width, height);
    const disc = random() < 0.5;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const inside = disc
          ? (x - cx) ** 2 + (y - cy) ** 2 <= r * r
          : Math.abs(x - cx) <= r && Math.abs(y - cy) <= r * 0.7;
        if (inside) data.set(colour, (y * width + x) * 3);
      }
    }
  }
  return { data, width, height };
}

const map = (img: RawImage, f: (v: number, i: number) => number): RawImage => ({
  ...img,
  data: Uint8Array.from(img.data, (v, i) => Math.max(0, Math.min(255, Math.round(f(v, i))))),
});

function toGrayRgb(img: RawImage): RawImage {
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < img.data.length; i += 3) {
    const g = Math.round(0.299 * img.data[i]! + 0.587 * img.data[i + 1]! + 0.114 * img.data[i + 2]!);
    out[i] = out[i + 1] = out[i + 2] = g;
  }
  return { ...img, data: out };
}

async function write(img: RawImage, path: string, format: "png" | "jpeg" = "png"): Promise<void> {
  const s = sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } });
  await (format === "png" ? s.png() : s.jpeg({ quality: 92 })).toFile(path);
}

export interface PlantedDataset {
  dir: string;
  /** Planted problem → file names (basenames) that carry it. */
  planted: Map<string, Set<string>>;
  /** Files that are corrupt on purpose. */
  corrupt: string[];
  cleanup(): Promise<void>;
}

const PER_KIND = 8;

/**
 * The pixel/metadata dataset: 3 classes × `normal` sharp colour images of about 64×64, plus PER_KIND of each
 * planted problem, each with its own content: dark, light, blurry, low_information, noisy, odd_aspect_ratio,
 * odd_size, grayscale, exact_duplicate, near_duplicate; and three corrupt files.
 */
export async function writePixelDataset(normal = 50, seed = 1): Promise<PlantedDataset> {
  const random = seededRandom(seed);
  const dir = await mkdtemp(join(tmpdir(), "tslab-ml-planted-"));
  const planted = new Map<string, Set<string>>();
  const plant = (kind: string, name: string): void => {
    if (!planted.has(kind)) planted.set(kind, new Set());
    planted.get(kind)!.add(name);
  };
  const size = (): number => 56 + Math.floor(random() * 17);
  const classOf = (k: number): (typeof CLASSES)[number] => CLASSES[k % CLASSES.length]!;
  for (const cls of CLASSES) await mkdir(join(dir, cls));
  const normals: { path: string; cls: string; img: RawImage }[] = [];
  for (const [c, cls] of CLASSES.entries()) {
    for (let k = 0; k < normal; k++) {
      const img = drawImage(random, cls, size(), size());
      const name = `n${String(k).padStart(3, "0")}.${k % 5 === 0 ? "jpg" : "png"}`;
      await write(img, join(dir, cls, name), k % 5 === 0 ? "jpeg" : "png");
      normals.push({ path: join(dir, cls, name), cls, img });
      void c;
    }
  }
  for (let k = 0; k < PER_KIND; k++) {
    const cls = classOf(k);
    const fresh = (w = size(), h = size()): RawImage => drawImage(random, cls, w, h);
    const put = async (kind: string, img: RawImage, format: "png" | "jpeg" = "png"): Promise<void> => {
      const name = `p_${kind}_${k}.${format === "png" ? "png" : "jpg"}`;
      await write(img, join(dir, cls, name), format);
      plant(kind, name);
    };
    await put(
      "dark",
      map(fresh(), (v) => v * 0.15),
    );
    await put(
      "light",
      map(fresh(), (v) => 217 + v * 0.15),
    );
    const sharpImg = fresh(64, 64);
    const blurred = await sharp(Buffer.from(sharpImg.data), { raw: { width: 64, height: 64, channels: 3 } })
      .blur(2.5)
      .raw()
      .toBuffer();
    await put("blurry", { data: new Uint8Array(blurred), width: 64, height: 64 });
    // Mid-luma colours: flat, but neither dark nor light.
    const palette = [
      [200, 90, 60],
      [60, 160, 150],
      [150, 110, 200],
      [190, 170, 60],
    ];
    const flat = palette[k % palette.length]!.map((v) => v + k);
    await put(
      "low_information",
      map(fresh(), (_, i) => (flat[i % 3] as number) + (random() < 0.1 ? 1 : 0)),
    );
    // A 32×32 tile repeated along the long side: the centre crop the loader keeps is a normal picture.
    const tile = fresh(32, 32);
    await put("odd_aspect_ratio", k % 2 ? tiled(tile, 4, 1) : tiled(tile, 1, 4));
    await put("odd_size", k % 2 ? fresh(220, 220) : fresh(18, 18));
    await put("grayscale", toGrayRgb(fresh()));
    // Uniform noise: every pixel independent, so neighbouring pixels don't correlate as in a picture.
    await put(
      "noisy",
      map(fresh(), () => random() * 256),
    );
    // Copies take names that sort after their originals, so the original is the first of its group.
    const original = normals[(k * 7) % normals.length]!;
    const copyName = `z_exact_${k}${original.path.slice(-4)}`;
    await copyFile(original.path, join(dir, original.cls, copyName));
    plant("exact_duplicate", copyName);
    const source = normals[(k * 7 + 3) % normals.length]!;
    const nearName = `z_near_${k}.jpg`;
    const { width, height } = source.img;
    await sharp(Buffer.from(source.img.data), { raw: { width, height, channels: 3 } })
      .resize(Math.round(width * 0.95), Math.round(height * 0.95))
      .modulate({ brightness: 1.04 })
      .jpeg({ quality: 85 })
      .toFile(join(dir, source.cls, nearName));
    plant("near_duplicate", nearName);
  }
  const corrupt = ["broken_truncated.png", "broken_garbage.jpg", "broken_empty.webp"];
  const good = await sharp(Buffer.from(fresh64(random)), { raw: { width: 64, height: 64, channels: 3 } })
    .png()
    .toBuffer();
  await writeFile(join(dir, "red", corrupt[0]!), good.subarray(0, Math.floor(good.length / 2)));
  await writeFile(join(dir, "green", corrupt[1]!), Buffer.from("this is not a jpeg at all"));
  await writeFile(join(dir, "blue", corrupt[2]!), Buffer.alloc(0));
  await writeFile(join(dir, "blue", "notes.txt"), "not an image");
  return { dir, planted, corrupt, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

function tiled(img: RawImage, across: number, down: number): RawImage {
  const width = img.width * across;
  const height = img.height * down;
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const src = ((y % img.height) * img.width + (x % img.width)) * 3;
      data.set(img.data.subarray(src, src + 3), (y * width + x) * 3);
    }
  }
  return { data, width, height };
}

function fresh64(random: () => number): Uint8Array {
  return drawImage(random, "red", 64, 64).data;
}

/**
 * The model dataset: 3 classes × `normal` images, plus `mislabelled` images of one class filed under another
 * (label errors) and `offDistribution` images unlike any class (saturated stripes and checkerboards), filed under
 * classes in turn.
 */
export async function writeModelDataset(
  normal = 60,
  mislabelled = 10,
  offDistribution = 6,
  seed = 2,
): Promise<PlantedDataset> {
  const random = seededRandom(seed);
  const dir = await mkdtemp(join(tmpdir(), "tslab-ml-model-"));
  const planted = new Map<string, Set<string>>([
    ["low_confidence", new Set()],
    ["embedding_outlier", new Set()],
  ]);
  for (const cls of CLASSES) await mkdir(join(dir, cls));
  for (const cls of CLASSES) {
    for (let k = 0; k < normal; k++) await write(drawImage(random, cls, 32, 32), join(dir, cls, `n${k}.png`));
  }
  for (let k = 0; k < mislabelled; k++) {
    const actual = CLASSES[k % 3]!;
    const filed = CLASSES[(k + 1) % 3]!;
    const name = `p_mislabelled_${k}.png`;
    await write(drawImage(random, actual, 32, 32), join(dir, filed, name));
    planted.get("low_confidence")!.add(name);
  }
  // Off-distribution: saturated stripes and checkerboards in colours no class uses, each its own pattern.
  const pairs = [
    [
      [255, 0, 255],
      [255, 255, 0],
    ],
    [
      [0, 255, 255],
      [255, 255, 255],
    ],
    [
      [255, 255, 0],
      [255, 255, 255],
    ],
    [
      [255, 0, 255],
      [0, 255, 255],
    ],
    [
      [255, 255, 255],
      [255, 0, 255],
    ],
    [
      [255, 255, 255],
      [255, 255, 0],
    ],
  ];

  for (let k = 0; k < offDistribution; k++) {
    const period = 4 + (k % 3) * 2;
    const [a, b] = pairs[k % pairs.length] as [number[], number[]];
    const img: RawImage = { width: 32, height: 32, data: new Uint8Array(32 * 32 * 3) };
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const on =
          k % 2
            ? (Math.floor(x / period) + Math.floor(y / period)) % 2 === 1
            : Math.floor((x + y) / period) % 2 === 1;
        img.data.set(on ? a : b, (y * 32 + x) * 3);
      }
    }
    const name = `p_ood_${k}.png`;
    await write(img, join(dir, CLASSES[k % 3]!, name));
    planted.get("embedding_outlier")!.add(name);
  }
  return { dir, planted, corrupt: [], cleanup: () => rm(dir, { recursive: true, force: true }) };
}
