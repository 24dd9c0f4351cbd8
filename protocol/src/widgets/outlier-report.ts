import { defineWidget, type StateOf } from "../contract";
import { galleryItem, relabelEntry } from "../gallery";
import { s, type Infer } from "../schema";

const outlierItem = s.object({ ...galleryItem.shape, score: s.number() });
export type OutlierItem = Infer<typeof outlierItem>;

const outlierTab = s.object({
  kind: s.string(),
  /** What the kind means and the threshold in force, for the tab's header. */
  description: s.string(),
  count: s.integer(),
  items: s.array(outlierItem),
  thumbs: s.array(s.binary()),
});
export type OutlierTab = Infer<typeof outlierTab>;

const skippedCheck = s.object({ kind: s.string(), reason: s.string() });
export type SkippedCheck = Infer<typeof skippedCheck>;

/**
 * The outlier report (`findOutliers`): one tab per issue kind with thumbnails sorted by score (first page
 * only; further pages through the gallery messages with the kind as gallery). `excluded` lists the dataset
 * indices the user excluded by clicking, `relabeled` the new classes picked in an item's class menu; both are
 * the kernel's `report.excluded` and `report.relabeled`.
 */
export const outlierReport = defineWidget({
  model: "OutlierReportModel",
  view: "OutlierReportView",
  state: s.object({
    title: s.string(),
    total: s.integer(),
    tabs: s.array(outlierTab),
    /** Checks that did not run and why (e.g. embedding_outlier without a model). */
    skipped_checks: s.array(skippedCheck),
    /** For the class menus; optional (like `relabeled`) so state saved by earlier versions still draws. */
    class_names: s.array(s.string()).optional(),
    excluded: s.array(s.integer()),
    /** New labels, by dataset index (any image, not only the shown ones). */
    relabeled: s.array(relabelEntry).optional(),
    page_size: s.integer(),
    thumb_size: s.integer(),
  }),
  writable: ["excluded", "relabeled"],
});
export type OutlierReportState = StateOf<typeof outlierReport>;
