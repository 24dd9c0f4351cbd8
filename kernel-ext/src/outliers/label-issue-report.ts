import { ImageDataset } from "../data/image-dataset";
import { isPredictions, type Predictions } from "../inspect/mispredictions/predictions";
import { ImageBatch } from "../inspect/image-batch";
import { confidentLearningIssues, labelScores, type LabelIssue } from "./confident-learning";
import { ExcludedSet } from "./excluded-set";
import { RelabelMap } from "./relabel-map";

export interface FindLabelIssuesOptions {
  /** Issues shown in the gallery, worst first (default 48; `issues` always has them all). */
  show?: number;
  /** Gallery columns (default 8). */
  cols?: number;
  title?: string;
}

/**
 * Likely label errors found by confident learning, worst first: each with its given label, the suggested
 * one and a score (1 − p(given label), higher is worse). In the gallery a click on an image accepts its
 * suggestion (it lands in `relabeled`; click again to undo). `excluded` takes images to drop instead.
 * `clean()` applies both.
 */
export class LabelIssueReport extends ImageBatch {
  readonly issues: readonly LabelIssue[];
  /** Dataset index → accepted new label; kept in sync with clicks in the gallery. */
  readonly relabeled = new RelabelMap();
  /** Images to leave out altogether. */
  readonly excluded = new ExcludedSet();
  private readonly shown: readonly LabelIssue[];

  constructor(
    grid: ConstructorParameters<typeof ImageBatch>[0],
    options: ConstructorParameters<typeof ImageBatch>[1],
    private readonly ds: ImageDataset,
    private readonly predictions: Predictions,
    issues: LabelIssue[],
    shown: LabelIssue[],
  ) {
    super(grid, options);
    this.issues = issues;
    this.shown = shown;
    this.onSelect((selected) =>
      this.relabeled.replaceFromView(
        selected.map(
          (k) => [(shown[k] as LabelIssue).index, (shown[k] as LabelIssue).suggestedLabel] as const,
        ),
      ),
    );
    // Accepting in code shows as selected in the gallery.
    this.relabeled.onChange((entries) => {
      const accepted = new Set(entries.map(([index]) => index));
      this.selected = shown.flatMap((issue, k) => (accepted.has(issue.index) ? [k] : []));
    });
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
    const labels = Int32Array.from(this.ds.labels, (y, i) => this.relabeled.get(i) ?? y);
    return this.ds.withLabels(labels).without(this.excluded);
  }

  override toString(): string {
    const top = this.shown
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
 * `findLabelIssues(ds, await crossValPredictions(makeModel, ds))`. A gallery of the worst, given → suggested;
 * click to accept a suggestion.
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
  const [height, width, channels] = ds.imageShape;
  const name = (label: number): string => ds.classNames[label] ?? String(label);
  const path = (index: number): string => {
    const p = ds.meta(index).path;
    return p.slice(p.lastIndexOf("/") + 1);
  };
  const side = Math.max(width, height);
  const blank = new Uint8Array(height * width * channels).fill(255);
  return new LabelIssueReport(
    {
      width,
      height,
      channels: channels as 1 | 3 | 4,
      images: shown.length ? shown.map((i) => ds.pixels(i.index)) : [blank],
      scaling: "",
    },
    {
      title:
        options.title ??
        (issues.length
          ? `${issues.length} likely label errors in ${ds.length} images (worst ${shown.length} shown; ` +
            `click to accept the suggestion → report.relabeled)`
          : `No likely label errors in ${ds.length} images`),
      captions: shown.length
        ? shown.map(
            (i) =>
              `${path(i.index)}: ${name(i.givenLabel)} → ${name(i.suggestedLabel)} (${(100 * (1 - i.score)).toFixed(0)} % given)`,
          )
        : ["nothing to show"],
      cols: Math.max(1, Math.min(options.cols ?? 8, Math.max(1, shown.length))),
      thumbSize: Math.min(96, side * Math.max(1, Math.ceil(64 / side))),
    },
    ds,
    predictions,
    issues,
    shown,
  );
}
