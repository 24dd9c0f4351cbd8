import type { GalleryItem } from "./gallery";

/**
 * State of the misprediction gallery (`mispredictions`): confusion matrix, per-class accuracy, most-confused
 * pairs and a top-loss gallery. Clicking a confusion cell sets `filter`; the kernel answers by replacing
 * the gallery (`gallery_items`, `gallery_thumbs`, `gallery_total`). Further pages come through the custom
 * message in gallery.ts with gallery "errors".
 */
export interface MispredictionsState {
  title: string;
  class_names: string[];
  /** confusion[actual][predicted] = count. */
  confusion: number[][];
  /** Accuracy per actual class, null for a class without samples. */
  per_class_accuracy: (number | null)[];
  accuracy: number;
  total: number;
  most_confused: ConfusedPair[];
  /** The confusion cell the gallery shows, or null for every misprediction. Writable from the frontend. */
  filter: ConfusionCell | null;
  /** Images in the whole (filtered) gallery, sorted by loss, highest first. */
  gallery_total: number;
  page_size: number;
  /** First page of the gallery: one PNG per item. */
  gallery_thumbs: Uint8Array[];
  gallery_items: MispredictionItem[];
  thumb_size: number;
}

export type ConfusionCell = { actual: number; predicted: number };
export type ConfusedPair = { actual: number; predicted: number; count: number };

/** A gallery item with what the caption says, as numbers a view may format itself. */
export type MispredictionItem = GalleryItem & {
  actual: number;
  predicted: number;
  loss: number;
  /** The probability the model gave to the actual class. */
  prob_actual: number;
};
