import type { GalleryPageReply } from "tslab-ml-protocol";
import type { ImageDataset } from "../data/image-dataset";
import type { JsonObject, JsonValue } from "../jupyter/messages";
import { datasetThumbnail } from "./thumbnails";

/** A page of a gallery: the items and one PNG thumbnail per item. */
export interface GalleryPage<T extends { index: number }> {
  items: T[];
  thumbs: Uint8Array[];
}

/** Items [page × size, (page + 1) × size) with their thumbnails, encoded only now (galleries page lazily). */
export function galleryPage<T extends { index: number }>(
  ds: ImageDataset,
  items: readonly T[],
  page: number,
  pageSize: number,
): GalleryPage<T> {
  const slice = items.slice(page * pageSize, (page + 1) * pageSize);
  return { items: slice, thumbs: slice.map((item) => datasetThumbnail(ds, item.index)) };
}

/** A valid `{ method: "page", gallery, page }` request, or the reason it is not one. */
export function parsePageRequest(content: JsonObject): { gallery: string; page: number } | string {
  const { gallery, page } = content;
  if (typeof gallery !== "string")
    return `"gallery" must be a string, got ${JSON.stringify(gallery ?? null)}`;
  if (typeof page !== "number" || !Number.isInteger(page) || page < 0) {
    return `"page" must be a non-negative integer, got ${JSON.stringify(page ?? null)}`;
  }
  return { gallery, page };
}

/** The JSON part of a page reply; the thumbnails travel as its buffers. */
export function pageReply(
  gallery: string,
  page: number,
  pageSize: number,
  total: number,
  items: readonly { index: number; caption: string }[],
  error?: string,
): JsonObject {
  const reply: GalleryPageReply = {
    method: "page",
    gallery,
    page,
    page_size: pageSize,
    total,
    items: [...items],
  };
  if (error !== undefined) reply.error = error;
  return reply as unknown as { [key: string]: JsonValue };
}
