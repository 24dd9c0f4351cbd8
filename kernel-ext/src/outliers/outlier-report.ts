import { WIDGET_CLASSES } from "tslab-ml-widgets/dist/protocol";
import type {
  OutlierItem,
  OutlierReportState,
  OutlierTab,
} from "tslab-ml-widgets/dist/protocol/outlier-report";
import type { ImageDataset } from "../data/image-dataset";
import { Widget } from "../display/widget";
import { galleryPage, pageReply, parsePageRequest } from "../inspect/gallery-pages";
import { thumbnailDrawSize } from "../inspect/thumbnails";
import type { JsonObject } from "../kernel/messages";
import { ExcludedSet } from "./excluded-set";
import {
  describeKind,
  ISSUE_KINDS,
  type IssueKind,
  type OutlierIssue,
  type OutlierThresholds,
} from "./issue-kinds";
import { outlierReportHtml } from "./outlier-report-html";
import type { SkippedCheck } from "./pixel-checks";

export interface OutlierReportInit {
  ds: ImageDataset;
  issues: OutlierIssue[];
  thresholds: OutlierThresholds;
  /** The kinds that ran (a tab each, even when empty). */
  checked: IssueKind[];
  skipped: SkippedCheck[];
  pageSize: number;
  title: string;
}

function itemOf(issue: OutlierIssue): OutlierItem {
  const copy = issue.duplicateOf !== undefined ? `, copy of #${issue.duplicateOf}` : "";
  return {
    index: issue.index,
    score: issue.score,
    caption: `#${issue.index} · ${issue.score.toFixed(3)}${copy}`,
  };
}

/**
 * What findOutliers found: `issues` ({ index, kind, score }), a tab per kind in the view with thumbnails
 * sorted by score, and `excluded`, the images to leave out, kept in sync with clicks in the view.
 * `clean()` gives the dataset without them.
 */
export class OutlierReport extends Widget<OutlierReportState> {
  readonly issues: readonly OutlierIssue[];
  readonly excluded = new ExcludedSet();
  readonly thresholds: Readonly<OutlierThresholds>;
  readonly skippedChecks: readonly SkippedCheck[];
  private readonly ds: ImageDataset;
  /** Items of each kind, highest score first. */
  private readonly ranked = new Map<IssueKind, OutlierItem[]>();

  constructor(init: OutlierReportInit) {
    const ranked = new Map<IssueKind, OutlierItem[]>();
    for (const kind of init.checked) {
      const items = init.issues
        .filter((issue) => issue.kind === kind)
        .sort((a, b) => b.score - a.score || a.index - b.index)
        .map(itemOf);
      ranked.set(kind, items);
    }
    const tabs: OutlierTab[] = init.checked.map((kind) => {
      const items = ranked.get(kind) ?? [];
      const first = galleryPage(init.ds, items, 0, init.pageSize);
      return {
        kind,
        description: describeKind(kind, init.thresholds),
        count: items.length,
        items: first.items,
        thumbs: first.thumbs,
      };
    });
    super(
      WIDGET_CLASSES.outlierReport,
      {
        title: init.title,
        total: init.ds.length,
        tabs,
        skipped_checks: init.skipped.map((s) => ({ kind: s.kind, reason: s.reason })),
        excluded: [],
        page_size: init.pageSize,
        thumb_size: thumbnailDrawSize(init.ds),
      },
      { writable: ["excluded"] },
    );
    this.ds = init.ds;
    this.issues = init.issues;
    this.thresholds = { ...init.thresholds };
    this.skippedChecks = init.skipped;
    this.ranked = ranked;
    this.excluded.onChange((values) => this.setState({ excluded: values }));
  }

  /** The issues of one kind, highest score first. */
  byKind(kind: IssueKind): OutlierIssue[] {
    if (!ISSUE_KINDS.includes(kind))
      throw new RangeError(`unknown issue kind "${kind}"; kinds: ${ISSUE_KINDS.join(", ")}`);
    return this.issues.filter((i) => i.kind === kind).sort((a, b) => b.score - a.score || a.index - b.index);
  }

  /** Number of flagged images per kind that ran. */
  counts(): Partial<Record<IssueKind, number>> {
    return Object.fromEntries([...this.ranked].map(([kind, items]) => [kind, items.length]));
  }

  /** Excludes every image flagged with one of `kinds` (all kinds when none given); returns this. */
  excludeKinds(...kinds: IssueKind[]): this {
    const wanted = new Set(kinds.length ? kinds : ISSUE_KINDS);
    this.excluded.addAll(this.issues.filter((i) => wanted.has(i.kind)).map((i) => i.index));
    return this;
  }

  /** The dataset without the excluded images (a view sharing pixels). */
  clean(): ImageDataset {
    return this.ds.without(this.excluded);
  }

  protected override validateFrontendValue(key: string, value: unknown): string | undefined {
    if (key !== "excluded") return undefined;
    const n = this.ds.length;
    const ok = Array.isArray(value) && value.every((v) => Number.isInteger(v) && v >= 0 && v < n);
    return ok ? undefined : `must be a list of dataset indices in 0..${n - 1}`;
  }

  protected override onFrontendChange(changed: Partial<OutlierReportState>): void {
    if (changed.excluded) this.excluded.replaceFromView(changed.excluded);
  }

  protected override onCustomMessage(content: JsonObject): void {
    if (content.method !== "page") return;
    const request = parsePageRequest(content);
    const size = this.state.page_size;
    const items = typeof request === "string" ? undefined : this.ranked.get(request.gallery as IssueKind);
    if (typeof request === "string" || !items) {
      const error =
        typeof request === "string"
          ? request
          : `no tab "${request.gallery}"; tabs: ${[...this.ranked.keys()].join(", ")}`;
      this.sendCustomMessage(
        pageReply(typeof request === "string" ? "" : request.gallery, 0, size, 0, [], error),
      );
      return;
    }
    const page = galleryPage(this.ds, items, request.page, size);
    this.sendCustomMessage(
      pageReply(request.gallery, request.page, size, items.length, page.items),
      page.thumbs,
    );
  }

  protected fallbackHtml(): string {
    return outlierReportHtml(this.state);
  }

  toString(): string {
    const { title, total, tabs, skipped_checks: skipped } = this.state;
    const lines = [`${title}: ${this.issues.length} issues in ${total.toLocaleString("en-US")} images`];
    for (const tab of tabs) {
      const top = tab.items
        .slice(0, 5)
        .map((i) => `#${i.index}`)
        .join(", ");
      lines.push(
        `  ${tab.kind.padEnd(18)} ${String(tab.count).padStart(6)}${top ? `  (worst: ${top})` : ""}`,
      );
    }
    for (const s of skipped) lines.push(`  ${s.kind.padEnd(18)} not checked: ${s.reason}`);
    if (this.excluded.size)
      lines.push(`excluded: ${this.excluded.size} images (report.clean() leaves them out)`);
    return lines.join("\n");
  }
}
