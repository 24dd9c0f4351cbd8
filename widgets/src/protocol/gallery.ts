/**
 * Lazily paged thumbnail galleries (misprediction gallery, outlier tabs). The state carries the first page;
 * a view asks for another with the custom message `GalleryPageRequest` and the kernel answers with a
 * `GalleryPageReply` whose buffers are the PNG thumbnails, one per item, in order.
 */
export type GalleryPageRequest = {
  method: "page";
  /** Which gallery: "errors" for mispredictions, an issue kind for outlier reports. */
  gallery: string;
  /** 0-based page number. */
  page: number;
};

export type GalleryPageReply = {
  method: "page";
  gallery: string;
  page: number;
  page_size: number;
  /** Items in the whole gallery (all pages). */
  total: number;
  /** One caption per thumbnail buffer. */
  items: GalleryItem[];
  /** Set instead of items when the request could not be served. */
  error?: string;
};

/** One thumbnail of a gallery: which dataset image it shows and what to write under it. */
export type GalleryItem = { index: number; caption: string };
