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

/** Where the model looked for one gallery image: original and saliency overlay, or why it could not be made. */
const saliencyPanel = s.object({
  index: s.integer(),
  title: s.string(),
  /** Original, then overlay (PNG); empty when `error` says why there is no map. */
  images: s.array(s.binary()),
  captions: s.array(s.string()),
  /** "" when the map was made. */
  error: s.string(),
  thumb_size: s.integer(),
});
export type SaliencyPanel = Infer<typeof saliencyPanel>;

/**
 * The misprediction gallery (`mispredictions`): confusion matrix, per-class accuracy, most-confused pairs
 * and a top-loss gallery. Clicking a confusion cell sets `filter`; the kernel answers by replacing the
 * gallery (`gallery_items`, `gallery_thumbs`, `gallery_total`). Further pages come through the gallery
 * messages (gallery.ts) with gallery "errors". When the kernel has the model (`saliency_enabled`), a gallery
 * image's "saliency" button sets `saliency_index` and the kernel answers with `saliency_panel`.
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
    /** Whether the kernel holds the model, so a gallery image can open its saliency map. */
    saliency_enabled: s.boolean().optional(),
    /** The dataset index whose saliency map the view asked for (null: none). */
    saliency_index: s.integer().nullable().optional(),
    /** The saliency map of `saliency_index`, made by the kernel. */
    saliency_panel: saliencyPanel.nullable().optional(),
  }),
  writable: ["filter", "saliency_index"],
});
export type MispredictionsState = StateOf<typeof mispredictions>;
