import { WIDGETS, type OutlierItem, type OutlierReportState, type OutlierTab } from "tslab-ml-protocol";
import type { ImageDataset } from "../data/image-dataset";
import { Widget } from "../display/widget";
import { galleryPage, pageReply, parsePageRequest } from "../inspect/gallery-pages";
import { thumbnailDrawSize } from "../inspect/thumbnails";
import type { JsonObject } from "../jupyter/messages";
import { writeCleanFolder, type CleanFolderSummary, type WriteCleanFolderOptions } from "./clean-folder";
import { ExcludedSet } from "./excluded-set";
import { applyDecisions, decisionProblem } from "./image-decisions";
import {
  describeKind,
  ISSUE_KINDS,
  type IssueKind,
  type OutlierIssue,
  type OutlierThresholds,
} from "./issue-kinds";
import { outlierReportHtml } from "./outlier-report-html";
import type { KindScores, SkippedCheck } from "./pixel-checks";
import { RelabelMap } from "./relabel-map";
import { shortImageName } from "./short-name";
import { reportCsv, reportJson, type OutlierReportJson, type ReportContents } from "./report-export";

export interface OutlierReportInit {
  ds: ImageDataset;
  issues: OutlierIssue[];
  thresholds: OutlierThresholds;
  /** The kinds that ran (a tab each, even when empty). */
  checked: IssueKind[];
  skipped: SkippedCheck[];
  /** A score for every image of each kind that ran. */
  scores: KindScores;
  pageSize: number;
  title: string;
}

/** Every kind each image was flagged for, in report order. */
function kindsByImage(issues: readonly OutlierIssue[]): Map<number, IssueKind[]> {
  const kinds = new Map<number, IssueKind[]>();
  for (const issue of issues) {
    const list = kinds.get(issue.index) ?? [];
    if (!list.includes(issue.kind)) list.push(issue.kind);
    kinds.set(issue.index, list);
  }
  return kinds;
}

/**
 * One thumbnail's caption: the file, then the image's other issues (this tab's kind and score are already
 * the tab and the line under the thumbnail), so each issue shows once.
 */
function itemOf(ds: ImageDataset, issue: OutlierIssue, kinds: Map<number, IssueKind[]>): OutlierItem {
  const copy = issue.duplicateOf !== undefined ? ` (copy of ${shortImageName(ds, issue.duplicateOf)})` : "";
  const others = (kinds.get(issue.index) ?? []).filter((k) => k !== issue.kind);
  return {
    index: issue.index,
    score: issue.score,
    caption: `${shortImageName(ds, issue.index)}${copy}${others.length ? ` · also ${others.join(", ")}` : ""}`,
  };
}

/**
 * What findOutliers found: `issues` ({ index, kind, score }), a tab per kind in the view with thumbnails
 * sorted by score, `excluded` (images to leave out) kept in sync with clicks in the view, and `relabeled`
 * (index → new class index) kept in sync with the class menu under each thumbnail. `clean()` gives the
 * dataset without the excluded images and with the new labels; `writeCleanFolder(dir)` writes it to disk;
 * `toCSV()` / `toJSON()` save the decisions.
 */
export class OutlierReport extends Widget<typeof WIDGETS.outlierReport> {
  readonly issues: readonly OutlierIssue[];
  readonly excluded = new ExcludedSet();
  /** Dataset index → new class index, for images whose label is wrong; kept in sync with the view's class menus. */
  readonly relabeled = new RelabelMap();
  /** The kinds that ran, in report order. */
  readonly checked: readonly IssueKind[];
  readonly thresholds: Readonly<OutlierThresholds>;
  readonly skippedChecks: readonly SkippedCheck[];
  private readonly ds: ImageDataset;
  /** Items of each kind, highest score first. */
  private readonly ranked = new Map<IssueKind, OutlierItem[]>();
  private readonly kindScores: KindScores;

  constructor(init: OutlierReportInit) {
    const ranked = new Map<IssueKind, OutlierItem[]>();
    const kinds = kindsByImage(init.issues);
    for (const kind of init.checked) {
      const items = init.issues
        .filter((issue) => issue.kind === kind)
        .sort((a, b) => b.score - a.score || a.index - b.index)
        .map((issue) => itemOf(init.ds, issue, kinds));
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
    super(WIDGETS.outlierReport, {
      title: init.title,
      total: init.ds.length,
      tabs,
      skipped_checks: init.skipped.map((s) => ({ kind: s.kind, reason: s.reason })),
      class_names: [...init.ds.classNames],
      excluded: [],
      relabeled: [],
      page_size: init.pageSize,
      thumb_size: thumbnailDrawSize(init.ds),
    });
    this.ds = init.ds;
    this.issues = init.issues;
    this.thresholds = { ...init.thresholds };
    this.skippedChecks = init.skipped;
    this.ranked = ranked;
    this.checked = init.checked;
    this.kindScores = init.scores;
    this.excluded.onChange((values) => this.setState({ excluded: values }));
    this.relabeled.onStateChange((relabeled) => this.setState({ relabeled }));
  }

  /**
   * A score for every image (higher is worse, on the kind's own scale — see the tab's description; NaN where
   * it can't be measured, e.g. the sharpness of a flat image), to rank or threshold yourself:
   * `report.scores("blurry")`.
   */
  scores(kind: IssueKind): Float64Array {
    const values = this.kindScores.get(kind);
    if (!values) {
      throw new RangeError(
        `scores: "${kind}" did not run; kinds that ran: ${[...this.kindScores.keys()].join(", ") || "none"}`,
      );
    }
    return Float64Array.from(values);
  }

  /** The issues of one kind, highest score first. */
  byKind(kind: IssueKind): OutlierIssue[] {
    if (!ISSUE_KINDS.includes(kind))
      throw new RangeError(`unknown issue kind "${kind}"; kinds: ${ISSUE_KINDS.join(", ")}`);
    return this.issues.filter((i) => i.kind === kind).sort((a, b) => b.score - a.score || a.index - b.index);
  }

  /** Number of flagged images per kind that ran. */
  get counts(): Partial<Record<IssueKind, number>> {
    return Object.fromEntries([...this.ranked].map(([kind, items]) => [kind, items.length]));
  }

  /** Excludes every image flagged with one of `kinds` (all kinds when none given); returns this. */
  excludeKinds(...kinds: IssueKind[]): this {
    const wanted = new Set(kinds.length ? kinds : ISSUE_KINDS);
    this.excluded.addAll(this.issues.filter((i) => wanted.has(i.kind)).map((i) => i.index));
    return this;
  }

  /** The dataset without the excluded images and with the new labels of `relabeled` (pixels shared). */
  clean(): ImageDataset {
    this.relabeled.check(this.ds);
    const relabeled = this.relabeled.size
      ? this.ds.withLabels(Int32Array.from(this.ds.labels, (y, i) => this.relabeled.get(i) ?? y))
      : this.ds;
    return relabeled.without(this.excluded);
  }

  /**
   * Writes the kept images under their (new) class folders, `dir/<class>/<file>`: hard links to the source
   * files where possible, else copies (PNG for in-memory images). The source is never touched; `dir` appears
   * complete or not at all. `await report.writeCleanFolder("data-clean")`.
   */
  async writeCleanFolder(dir: string, options?: WriteCleanFolderOptions): Promise<CleanFolderSummary> {
    this.relabeled.check(this.ds);
    return writeCleanFolder(
      { ds: this.ds, excluded: this.excluded, relabeled: this.relabeled },
      dir,
      options,
    );
  }

  /** The findings and decisions as plain data (also what JSON.stringify(report) writes). */
  toJSON(): OutlierReportJson {
    return reportJson(this.contents());
  }

  /** One row per image: path, label, issues, excluded, new label and every kind's score. */
  toCSV(): string {
    return reportCsv(this.contents());
  }

  private contents(): ReportContents {
    return {
      ds: this.ds,
      checked: this.checked,
      skipped: this.skippedChecks,
      thresholds: { ...this.thresholds },
      issues: this.issues,
      scores: this.kindScores,
      excluded: this.excluded,
      relabeled: this.relabeled,
    };
  }

  protected override validateFrontendValue(key: string, value: unknown): string | undefined {
    return decisionProblem(key, value, this.ds);
  }

  protected override onFrontendChange(changed: Partial<OutlierReportState>): void {
    applyDecisions(changed, this);
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
    if (this.relabeled.size)
      lines.push(`relabeled: ${this.relabeled.size} images (report.clean() gives them their new label)`);
    return lines.join("\n");
  }
}
