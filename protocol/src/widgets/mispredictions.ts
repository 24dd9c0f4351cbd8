import { defineWidget, type StateOf } from "../contract";
import { galleryItem } from "../gallery";
import { s, type Infer } from "../schema";

const confusionCell = s.object({ actual: s.integer(), predicted: s.integer() });
export type ConfusionCell = Infer<typeof confusionCell>;

const confusedPair = s.object({ actual: s.integer(), predicted: s.integer(), count: s.integer() });
export type ConfusedPair = Infer<typeof confusedPair>;

/** A gallery item with what the caption says, as numbers a view may format itself. */
const mispredictionItem = s.object({
  ...galleryItem.shape,
  actual: s.integer(),
  predicted: s.integer(),
  loss: s.number(),
  /** The probability the model gave to the actual class. */
  prob_actual: s.number(),
});
export type MispredictionItem = Infer<typeof mispredictionItem>;

/**
 * The misprediction gallery (`mispredictions`): confusion matrix, per-class accuracy, most-confused pairs
 * and a top-loss gallery. Clicking a confusion cell sets `filter`; the kernel answers by replacing the
 * gallery (`gallery_items`, `gallery_thumbs`, `gallery_total`). Further pages come through the gallery
 * messages (gallery.ts) with gallery "errors".
 */
export const mispredictions = defineWidget({
  model: "MispredictionsModel",
  view: "MispredictionsView",
  state: s.object({
    title: s.string(),
    class_names: s.array(s.string()),
    /** confusion[actual][predicted] = count. */
    confusion: s.array(s.array(s.integer())),
    /** Accuracy per actual class, null for a class without samples. */
    per_class_accuracy: s.array(s.number().nullable()),
    accuracy: s.number(),
    total: s.integer(),
    most_confused: s.array(confusedPair),
    /** The confusion cell the gallery shows, or null for every misprediction. */
    filter: confusionCell.nullable(),
    /** Images in the whole (filtered) gallery, sorted by loss, highest first. */
    gallery_total: s.integer(),
    page_size: s.integer(),
    /** First page of the gallery: one PNG per item. */
    gallery_thumbs: s.array(s.binary()),
    gallery_items: s.array(mispredictionItem),
    thumb_size: s.integer(),
  }),
  writable: ["filter"],
});
export type MispredictionsState = StateOf<typeof mispredictions>;
