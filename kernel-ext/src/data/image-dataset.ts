import { inspect } from "node:util";
import * as tf from "@tensorflow/tfjs";

/** What is known of one image file without decoding its pixels again. */
export interface ImageMeta {
  /** Where the image came from, as text (bytes of the name that are not UTF-8 show as U+FFFD). */
  path: string;
  /**
   * The path's bytes, only for a file whose name is not valid UTF-8: `path` cannot open it, these can
   * (`fs.stat(Buffer.from(meta.pathBytes))`).
   */
  pathBytes?: Uint8Array;
  width: number;
  height: number;
  channels: number;
  format: string;
  bytes: number;
}

/** A file a loader could not use, and why. */
export interface SkippedFile {
  path: string;
  reason: string;
}

export interface ImageDatasetInit {
  /** N×H×W×C uint8 pixels, row-major, channels interleaved. */
  pixels: Uint8Array;
  height: number;
  width: number;
  channels: number;
  labels: Int32Array;
  classNames: readonly string[];
  metas?: readonly ImageMeta[];
  skipped?: readonly SkippedFile[];
  /**
   * Where images without their own meta come from (e.g. one IDX file): `meta(i)` then reports
   * path `${path}#${row}` and this format, without one object per image.
   */
  source?: ImageSource;
}

export interface ImageSource {
  path: string;
  format: string;
}

interface Storage {
  pixels: Uint8Array;
  height: number;
  width: number;
  channels: number;
  labels: Int32Array;
  metas: readonly ImageMeta[] | undefined;
  source: ImageSource | undefined;
}

/** A view of another dataset's images: its rows, and optionally its own labels (withLabels). */
interface ViewInit {
  parent: ImageDataset;
  rows: Int32Array;
  storage?: Storage;
}

function checkIndex(i: number, length: number): void {
  if (!Number.isInteger(i) || i < 0 || i >= length) {
    throw new RangeError(`image index ${i} is outside the dataset (0..${length - 1})`);
  }
}

/**
 * Images with class labels, kept as uint8 (60,000 Fashion-MNIST images take 47 MB) and turned into float
 * tensors only for the indices asked. `subset` and `without` are views that share the pixels.
 */
export class ImageDataset {
  readonly classNames: readonly string[];
  readonly skipped: readonly SkippedFile[];
  private readonly storage: Storage;
  /** View index → storage index. */
  private readonly rows: Int32Array;
  private labelCache: Int32Array | undefined;

  constructor(init: ImageDatasetInit);
  constructor(init: ImageDatasetInit | ViewInit);
  constructor(init: ImageDatasetInit | ViewInit) {
    if ("parent" in init) {
      this.storage = init.storage ?? init.parent.storage;
      this.classNames = init.parent.classNames;
      this.skipped = init.parent.skipped;
      this.rows = init.rows;
      return;
    }
    const { pixels, height, width, channels, labels } = init;
    const n = labels.length;
    if (pixels.length !== n * height * width * channels) {
      throw new RangeError(
        `pixels hold ${pixels.length} bytes but ${n} images of ${height}×${width}×${channels} need ${n * height * width * channels}`,
      );
    }
    if (init.metas && init.metas.length !== n)
      throw new RangeError(`${init.metas.length} metas for ${n} images`);
    for (const label of labels) {
      if (label < 0 || label >= init.classNames.length) {
        throw new RangeError(`label ${label} has no class name (${init.classNames.length} classes)`);
      }
    }
    this.storage = { pixels, height, width, channels, labels, metas: init.metas, source: init.source };
    this.classNames = [...init.classNames];
    this.skipped = [...(init.skipped ?? [])];
    this.rows = Int32Array.from({ length: n }, (_, i) => i);
  }

  get length(): number {
    return this.rows.length;
  }

  /** [height, width, channels] of every image. */
  get imageShape(): [number, number, number] {
    return [this.storage.height, this.storage.width, this.storage.channels];
  }

  /** The label of every image of this view. */
  get labels(): Int32Array {
    // Built once per view: `ds.labels[i]` in a loop must not copy every label each time. Treat it as read-only.
    this.labelCache ??= this.rows.map((r) => this.storage.labels[r] as number);
    return this.labelCache;
  }

  label(i: number): number {
    checkIndex(i, this.length);
    return this.storage.labels[this.rows[i] as number] as number;
  }

  meta(i: number): ImageMeta {
    checkIndex(i, this.length);
    const row = this.rows[i] as number;
    const [height, width, channels] = this.imageShape;
    const source = this.storage.source;
    return (
      this.storage.metas?.[row] ?? {
        path: `${source?.path ?? ""}#${row}`,
        width,
        height,
        channels,
        format: source?.format ?? "raw",
        bytes: height * width * channels,
      }
    );
  }

  /** The uint8 pixels of one image (a view, not a copy). */
  pixels(i: number): Uint8Array {
    checkIndex(i, this.length);
    const size = this.storage.height * this.storage.width * this.storage.channels;
    const start = (this.rows[i] as number) * size;
    return this.storage.pixels.subarray(start, start + size);
  }

  /** The images at `indices` (all when omitted) as an NHWC float32 tensor in [0, 1]. */
  images(indices?: ArrayLike<number>): tf.Tensor4D {
    const picked = indices ?? Array.from({ length: this.length }, (_, i) => i);
    const [height, width, channels] = this.imageShape;
    const size = height * width * channels;
    const out = new Float32Array(picked.length * size);
    for (let k = 0; k < picked.length; k++) {
      const src = this.pixels(picked[k] as number);
      const base = k * size;
      for (let j = 0; j < size; j++) out[base + j] = (src[j] as number) / 255;
    }
    return tf.tensor4d(out, [picked.length, height, width, channels]);
  }

  /** The images at `indices`, in that order (a view sharing pixels). */
  subset(indices: ArrayLike<number>): ImageDataset {
    const rows = Int32Array.from(indices, (i) => {
      checkIndex(i, this.length);
      return this.rows[i] as number;
    });
    return new ImageDataset({ parent: this, rows });
  }

  /** Every image but those at `indices`. */
  without(indices: Iterable<number>): ImageDataset {
    const drop = new Set(indices);
    const keep: number[] = [];
    for (let i = 0; i < this.length; i++) if (!drop.has(i)) keep.push(i);
    return this.subset(keep);
  }

  /**
   * The same images with other labels (a copy of the labels, pixels shared): `labels[i]` becomes image i's
   * class index. E.g. `ds.withLabels(fixed)` after correcting label errors.
   */
  withLabels(labels: ArrayLike<number>): ImageDataset {
    if (labels.length !== this.length) {
      throw new RangeError(`withLabels: ${labels.length} labels for ${this.length} images`);
    }
    const storageLabels = Int32Array.from(this.storage.labels);
    for (let i = 0; i < this.length; i++) {
      const label = labels[i] as number;
      if (!Number.isInteger(label) || label < 0 || label >= this.classNames.length) {
        throw new RangeError(
          `withLabels: labels[${i}] = ${label} is not a class index (0..${this.classNames.length - 1})`,
        );
      }
      storageLabels[this.rows[i] as number] = label;
    }
    return new ImageDataset({
      parent: this,
      rows: this.rows,
      storage: { ...this.storage, labels: storageLabels },
    });
  }

  /** Count of images per class, indexed like `classNames`. */
  get classCounts(): number[] {
    const counts = new Array<number>(this.classNames.length).fill(0);
    for (const r of this.rows) counts[this.storage.labels[r] as number]! += 1;
    return counts;
  }

  toString(): string {
    const [h, w, c] = this.imageShape;
    return `ImageDataset(${this.length} images ${h}×${w}×${c}, ${this.classNames.length} classes)`;
  }

  /** A cell's value and console.log show this summary, never the pixels. */
  [inspect.custom](): string {
    const counts = this.classCounts;
    const shown = this.classNames.slice(0, 10).map((name, i) => `${name}: ${counts[i]}`);
    const more = this.classNames.length > 10 ? `, … ${this.classNames.length - 10} more` : "";
    return `${this.toString()} { ${shown.join(", ")}${more} }`;
  }
}
