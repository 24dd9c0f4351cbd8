import { defineWidget, type StateOf } from "../contract";
import { galleryItem, relabelEntry } from "../gallery";
import { s, type Infer } from "../schema";

/** One likely label error: the image, its given and suggested class, and its score (higher is worse). */
const labelIssueItem = s.object({
  ...galleryItem.shape,
  given: s.integer(),
  suggested: s.integer(),
  /** 1 − p(given label). */
  score: s.number(),
});
export type LabelIssueItem = Infer<typeof labelIssueItem>;

/**
 * The label-issue gallery (`findLabelIssues`): the worst likely label errors, given → suggested. Each item
 * can be accepted (its suggestion lands in `relabeled`), excluded (`excluded`) or left as it is; both lists
 * are dataset indices and are the kernel's `report.relabeled` and `report.excluded`.
 */
export const labelIssues = defineWidget({
  model: "LabelIssuesModel",
  view: "LabelIssuesView",
  state: s.object({
    title: s.string(),
    /** Images in the dataset. */
    total: s.integer(),
    /** Likely label errors found (the gallery shows the worst `items.length`). */
    count: s.integer(),
    class_names: s.array(s.string()),
    items: s.array(labelIssueItem),
    /** One PNG per item. */
    thumbs: s.array(s.binary()),
    cols: s.integer(),
    thumb_size: s.integer(),
    /** Accepted new labels, by dataset index (any image, not only the shown ones). */
    relabeled: s.array(relabelEntry),
    /** Dataset indices to leave out. */
    excluded: s.array(s.integer()),
  }),
  writable: ["relabeled", "excluded"],
});
export type LabelIssuesState = StateOf<typeof labelIssues>;
