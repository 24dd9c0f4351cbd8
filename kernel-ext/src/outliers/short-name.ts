import type { ImageDataset } from "../data/image-dataset";

/** Formats of images that are rows of one file or of memory (an IDX archive, raw pixels), not files. */
const ROW_FORMATS = new Set(["idx", "raw"]);

/**
 * Where image i comes from, short enough for a thumbnail caption: its file name, or `#row` for a row of an
 * archive or of memory. The archive's name is the same for every image and, first in an 80 px caption, hid
 * the row ("t10k-images-idx3-ubyte.gz#3031" showed as "t10k-images-…").
 */
export function shortImageName(ds: ImageDataset, index: number): string {
  const meta = ds.meta(index);
  const row = /#\d+$/.exec(meta.path);
  if (row && ROW_FORMATS.has(meta.format)) return row[0];
  return meta.path.slice(Math.max(meta.path.lastIndexOf("/"), meta.path.lastIndexOf("\\")) + 1);
}
