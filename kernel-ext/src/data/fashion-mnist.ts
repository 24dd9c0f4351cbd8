import { access } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { downloadFile } from "./download";
import { ImageDataset } from "./image-dataset";
import { readIdxFile } from "./idx";

export const FASHION_MNIST_CLASSES: readonly string[] = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
];

/** Where Debian's dataset-fashion-mnist package puts the files. */
export const DEBIAN_FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** The dataset's official host (Zalando Research), as its README gives it. */
export const FASHION_MNIST_URL = "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/";

export type FashionMnistSplit = "train" | "test";

interface OfficialFile {
  name: string;
  /** MD5 of the .gz file, as published in the dataset's README. */
  md5: string;
}

export const FASHION_MNIST_FILES: Record<FashionMnistSplit, { images: OfficialFile; labels: OfficialFile }> =
  {
    train: {
      images: { name: "train-images-idx3-ubyte.gz", md5: "8d4fb7e6c68d591d4c3dfef9ec88bf0d" },
      labels: { name: "train-labels-idx1-ubyte.gz", md5: "25c81989df183df01b3e8a0aad5dffbe" },
    },
    test: {
      images: { name: "t10k-images-idx3-ubyte.gz", md5: "bef4ecab320f06d8554ea6380940ec79" },
      labels: { name: "t10k-labels-idx1-ubyte.gz", md5: "bb300cfdad3c16e7a12a480ee83cd310" },
    },
  };

/** Options of `loadFashionMnist`. */
export interface LoadFashionMnistOptions {
  split: FashionMnistSplit;
  /**
   * A folder with the split's IDX files (gzipped or not). Missing files are downloaded into it. Default:
   * Debian's /usr/share/datasets/fashion-mnist when it has them, else the cache folder.
   */
  dir?: string;
  /** Where downloads go without `dir`: $TSLAB_ML_CACHE, else $XDG_CACHE_HOME or ~/.cache, + tslab-ml/fashion-mnist. */
  cacheDir?: string;
  /** Host to download from (a mirror); default FASHION_MNIST_URL. Files are checked against the official MD5s. */
  baseUrl?: string;
  progress?: boolean;
}

export function defaultCacheDir(): string {
  const root =
    process.env.TSLAB_ML_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "tslab-ml");
  return join(root, "fashion-mnist");
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The file in `dir` by its official name or without .gz; undefined when neither is there. */
async function findIn(dir: string, file: OfficialFile): Promise<string | undefined> {
  for (const name of [file.name, file.name.replace(/\.gz$/, "")]) {
    const path = join(dir, name);
    if (await exists(path)) return path;
  }
  return undefined;
}

async function locate(file: OfficialFile, options: LoadFashionMnistOptions): Promise<string> {
  const dirs =
    options.dir !== undefined
      ? [options.dir]
      : [DEBIAN_FASHION_MNIST_DIR, options.cacheDir ?? defaultCacheDir()];
  for (const dir of dirs) {
    const found = await findIn(dir, file);
    if (found) return found;
  }
  const target = dirs[dirs.length - 1] as string;
  const url = new URL(file.name, options.baseUrl ?? FASHION_MNIST_URL).toString();
  const dest = join(target, file.name);
  try {
    await downloadFile(url, dest, { md5: file.md5, progress: options.progress });
  } catch (error) {
    throw new Error(
      `loadFashionMnist: ${file.name} is not in ${dirs.join(" or ")} and ${(error as Error).message}. ` +
        `Install Debian's dataset-fashion-mnist package, or put the IDX files in a folder and pass { dir }.`,
    );
  }
  return dest;
}

/**
 * Fashion-MNIST (28×28 gray, 10 classes) from its IDX files: Debian's copy, a folder you name, or a download
 * from the official host (checked against the published MD5s) into a cache folder.
 * @example const train = await loadFashionMnist({ split: "train" });   // 60,000 images 28×28×1
 */
export async function loadFashionMnist(options: LoadFashionMnistOptions): Promise<ImageDataset> {
  const split = options?.split;
  if (split !== "train" && split !== "test") {
    throw new TypeError(`loadFashionMnist: split must be "train" or "test", got ${JSON.stringify(split)}`);
  }
  const files = FASHION_MNIST_FILES[split];
  const imagesPath = await locate(files.images, options);
  const labelsPath = await locate(files.labels, options);
  const images = await readIdxFile(imagesPath);
  const labels = await readIdxFile(labelsPath);
  const [n, height, width] = images.dims;
  if (images.dims.length !== 3 || n === undefined || height === undefined || width === undefined) {
    throw new Error(
      `loadFashionMnist: ${imagesPath} holds a ${images.dims.join("×")} array, not N×height×width images`,
    );
  }
  if (labels.dims.length !== 1 || labels.dims[0] !== n) {
    throw new Error(
      `loadFashionMnist: ${labelsPath} has ${labels.dims.join("×")} labels for ${n} images in ${imagesPath}; ` +
        `the two files belong to different splits`,
    );
  }
  const classes = FASHION_MNIST_CLASSES.length;
  const bad = labels.data.findIndex((v) => v >= classes);
  if (bad >= 0)
    throw new Error(
      `loadFashionMnist: label ${labels.data[bad]} of image ${bad} is not a class (0..${classes - 1})`,
    );
  return new ImageDataset({
    pixels: images.data,
    height,
    width,
    channels: 1,
    labels: Int32Array.from(labels.data),
    classNames: FASHION_MNIST_CLASSES,
    source: { path: imagesPath, format: "idx" },
  });
}
