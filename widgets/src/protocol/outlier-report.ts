import type { GalleryItem } from "./gallery";

/**
 * State of the outlier report (`findOutliers`): one tab per issue kind with thumbnails sorted by score
 * (first page only; further pages through the custom message in gallery.ts with the kind as gallery).
 * `excluded` lists the dataset indices the user excluded by clicking; writable from the frontend.
 */
export interface OutlierReportState {
  title: string;
  total: number;
  tabs: OutlierTab[];
  /** Checks that did not run and why (e.g. embedding_outlier without a model). */
  skipped_checks: SkippedCheck[];
  excluded: number[];
  page_size: number;
  thumb_size: number;
}

export type OutlierTab = {
  kind: string;
  /** What the kind means and the threshold in force, for the tab's header. */
  description: string;
  count: number;
  items: OutlierItem[];
  thumbs: Uint8Array[];
};

export type OutlierItem = GalleryItem & { score: number };

export type SkippedCheck = { kind: string; reason: string };
