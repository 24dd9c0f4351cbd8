import { defineWidget, type StateOf } from "../contract";
import { s } from "../schema";

/**
 * The image-batch widget (`showBatch`, `showAugmentations`). Thumbnails are PNG bytes sent as binary
 * buffers, never as base64 inside JSON.
 */
export const imageBatch = defineWidget({
  model: "ImageBatchModel",
  view: "ImageBatchView",
  state: s.object({
    title: s.string(),
    /** One PNG per image. */
    images: s.array(s.binary()),
    /** One caption per image ("" for none). */
    captions: s.array(s.string()),
    cols: s.integer(),
    /** Pixel size at which the view draws each thumbnail (images are upscaled without smoothing). */
    thumb_size: s.integer(),
    /** Indices the user selected by clicking in the view. */
    selected: s.array(s.integer()),
  }),
  writable: ["selected"],
});
export type ImageBatchState = StateOf<typeof imageBatch>;
