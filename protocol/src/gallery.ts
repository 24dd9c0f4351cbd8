import { s, type Infer } from "./schema";

/**
 * Lazily paged thumbnail galleries (misprediction gallery, outlier tabs). The state carries the first page;
 * a view asks for another with a `GalleryPageRequest` custom message and the kernel answers with a
 * `GalleryPageReply` whose buffers are the PNG thumbnails, one per item, in order.
 */
export const galleryItem = s.object({
  /** Which dataset image the thumbnail shows. */
  index: s.integer(),
  caption: s.string(),
});
export type GalleryItem = Infer<typeof galleryItem>;

/** A new label chosen in a gallery: dataset index → class index (the kernel's `report.relabeled`). */
export const relabelEntry = s.object({ index: s.integer(), label: s.integer() });
export type RelabelEntry = Infer<typeof relabelEntry>;

export const galleryPageRequest = s.object({
  method: s.literal("page"),
  /** Which gallery: "errors" for mispredictions, an issue kind for outlier reports. */
  gallery: s.string(),
  /** 0-based page number. */
  page: s.integer(),
});
export type GalleryPageRequest = Infer<typeof galleryPageRequest>;

export const galleryPageReply = s.object({
  method: s.literal("page"),
  gallery: s.string(),
  page: s.integer(),
  page_size: s.integer(),
  /** Items in the whole gallery (all pages). */
  total: s.integer(),
  /** One caption per thumbnail buffer. */
  items: s.array(galleryItem),
  /** Set instead of items when the request could not be served. */
  error: s.string().optional(),
});
export type GalleryPageReply = Infer<typeof galleryPageReply>;
