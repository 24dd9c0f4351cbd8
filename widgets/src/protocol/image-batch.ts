/**
 * State of the image-batch widget (`showBatch`, `showAugmentations`). Thumbnails are PNG bytes: the kernel
 * sends them as binary buffers (buffer_paths ["images", i]), never as base64 inside JSON.
 */
export interface ImageBatchState {
  title: string;
  /** One PNG per image. */
  images: Uint8Array[];
  /** One caption per image ("" for none). */
  captions: string[];
  cols: number;
  /** Pixel size at which the view draws each thumbnail (images are upscaled without smoothing). */
  thumb_size: number;
  /** Indices the user selected by clicking in the view. */
  selected: number[];
}
