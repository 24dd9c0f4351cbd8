import {
  labelDecisionsLine,
  labelIssueThumbs,
  thumbGridHtml,
  titleHtml,
  text,
  WIDGETS,
  type LabelIssueItem,
  type LabelIssuesState,
} from "tslab-ml-protocol";
import { ImageDataset } from "../data/image-dataset";
import { pngDataUri } from "../display/html";
import { Widget } from "../display/widget";
import { isPredictions, type Predictions } from "../inspect/mispredictions/predictions";
import { datasetThumbnail, thumbnailDrawSize } from "../inspect/thumbnails";
import { writeCleanFolder, type CleanFolderSummary, type WriteCleanFolderOptions } from "./clean-folder";
import { confidentLearningIssues, labelScores, type LabelIssue } from "./confident-learning";
import { ExcludedSet } from "./excluded-set";
import { applyDecisions, decisionProblem } from "./image-decisions";
import { RelabelMap } from "./relabel-map";
import { shortImageName } from "./short-name";

export interface FindLabelIssuesOptions {
  /** Issues shown in the gallery, worst first (default 48; `issues` always has them all). */
  show?: number;
  /** Gallery columns (default 8). */
  cols?: number;
  title?: string;
}

/**
 * Likely label errors found by confident learning, worst first: each with its given label, the suggested
 * one and a score (1 − p(given label), higher is worse). In the gallery each image has buttons to accept its
 * suggestion (it lands in `relabeled`), to exclude it (`excluded`) or to undo either; code that changes
 * `relabeled` or `excluded` shows in the gallery. `clean()` applies both; `writeCleanFolder(dir)` writes the
 * result to disk.
 */
export class LabelIssueReport extends Widget<typeof WIDGETS.labelIssues> {
  readonly issues: readonly LabelIssue[];
  /** Dataset index → accepted new label; kept in sync with the gallery's "→ class" buttons. */
  readonly relabeled = new RelabelMap();
  /** Images to leave out altogether; kept in sync with the gallery's "exclude" buttons. */
  readonly excluded = new ExcludedSet();
  private readonly ds: ImageDataset;
  private readonly predictions: Predictions;

  constructor(init: {
    ds: ImageDataset;
    predictions: Predictions;
    issues: LabelIssue[];
    shown: LabelIssue[];
    title: string;
    cols: number;
  }) {
    const { ds, shown } = init;
    const name = (label: number): string => ds.classNames[label] ?? String(label);
    const items: LabelIssueItem[] = shown.map((issue) => ({
      index: issue.index,
      caption: `${shortImageName(ds, issue.index)}: ${name(issue.givenLabel)} → ${name(issue.suggestedLabel)}`,
      given: issue.givenLabel,
      suggested: issue.suggestedLabel,
      score: issue.score,
    }));
    super(WIDGETS.labelIssues, {
      title: init.title,
      total: ds.length,
      count: init.issues.length,
      class_names: [...ds.classNames],
      items,
      thumbs: shown.map((issue) => datasetThumbnail(ds, issue.index)),
      cols: init.cols,
      thumb_size: thumbnailDrawSize(ds),
      relabeled: [],
      excluded: [],
    });
    this.ds = ds;
    this.predictions = init.predictions;
    this.issues = init.issues;
    this.relabeled.onStateChange((relabeled) => this.setState({ relabeled }));
    this.excluded.onChange((values) => this.setState({ excluded: values }));
  }

  /** A label-quality score for every image: 1 − p(given label), higher is worse. */
  scores(): Float32Array {
    return labelScores(this.predictions);
  }

  /** Accepts the suggestion of every issue (or of those scoring at least `minScore`); returns this. */
  acceptAll(minScore = 0): this {
    this.relabeled.setAll(
      this.issues.filter((i) => i.score >= minScore).map((i) => [i.index, i.suggestedLabel] as const),
    );
    return this;
  }

  /** The dataset with accepted labels applied and excluded images dropped (pixels shared). */
  clean(): ImageDataset {
    this.relabeled.check(this.ds);
    const labels = Int32Array.from(this.ds.labels, (y, i) => this.relabeled.get(i) ?? y);
    return this.ds.withLabels(labels).without(this.excluded);
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

  protected override validateFrontendValue(key: string, value: unknown): string | undefined {
    return decisionProblem(key, value, this.ds);
  }

  protected override onFrontendChange(changed: Partial<LabelIssuesState>): void {
    applyDecisions(changed, this);
  }

  protected fallbackHtml(): string {
    const state = this.state;
    const thumbs = labelIssueThumbs(
      state,
      (slot) => pngDataUri(state.thumbs[slot] ?? new Uint8Array()),
      false,
    );
    return (
      `<div class="tslab-ml-label-issues">${titleHtml(state.title)}` +
      text("div", { style: "font:12px sans-serif;color:#444" }, labelDecisionsLine(state)) +
      thumbGridHtml(thumbs, { cols: state.cols, size: state.thumb_size, empty: "no likely label errors" }) +
      `</div>`
    );
  }

  override toString(): string {
    const top = this.issues
      .slice(0, 5)
      .map((i) => `#${i.index} ${this.ds.classNames[i.givenLabel]} → ${this.ds.classNames[i.suggestedLabel]}`)
      .join(", ");
    return (
      `LabelIssueReport: ${this.issues.length} likely label errors in ${this.ds.length} images` +
      (top ? ` (worst: ${top})` : "") +
      (this.relabeled.size ? `; ${this.relabeled.size} relabeled` : "") +
      (this.excluded.size ? `; ${this.excluded.size} excluded` : "")
    );
  }
}

/**
 * Likely label errors, by confident learning on (preferably out-of-fold) predictions:
 * `findLabelIssues(ds, await crossValPredictions(makeModel, ds))`. A gallery of the worst, given → suggested,
 * each with buttons to accept the suggestion or exclude the image.
 * @example findLabelIssues(small, await crossValPredictions(makeModel, small, { folds: 4 }))
 */
export function findLabelIssues(
  ds: ImageDataset,
  predictions: Predictions,
  options: FindLabelIssuesOptions = {},
): LabelIssueReport {
  if (!(ds instanceof ImageDataset))
    throw new TypeError("findLabelIssues: the first argument must be an ImageDataset");
  if (!isPredictions(predictions))
    throw new TypeError(
      "findLabelIssues: the second argument must be Predictions (collectPredictions, crossValPredictions)",
    );
  if (predictions.labels.length !== ds.length)
    throw new Error(
      `findLabelIssues: predictions cover ${predictions.labels.length} images, the dataset has ${ds.length}`,
    );
  const issues = confidentLearningIssues(predictions);
  const shown = issues.slice(0, Math.max(0, options.show ?? 48));
  return new LabelIssueReport({
    ds,
    predictions,
    issues,
    shown,
    cols: Math.max(1, Math.min(options.cols ?? 8, Math.max(1, shown.length))),
    title:
      options.title ??
      (issues.length
        ? `Likely label errors in ${ds.length} images, worst first: accept the suggestion or exclude the image`
        : `No likely label errors in ${ds.length} images`),
  });
}
