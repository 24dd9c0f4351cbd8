import * as tf from "@tensorflow/tfjs";
import {
  WIDGETS,
  type ConfusionCell,
  type MispredictionItem,
  type MispredictionsState,
  type SaliencyPanel,
} from "tslab-ml-protocol";
import type { ImageDataset } from "../../data/image-dataset";
import { encodePng } from "../../display/png";
import { Widget } from "../../display/widget";
import { explainImages, saliencyDrawSize } from "../saliency/saliency";
import type { SaliencyMethod } from "../saliency/saliency-maps";
import type { JsonObject } from "../../jupyter/messages";
import { galleryPage, pageReply, parsePageRequest } from "../gallery-pages";
import { thumbnailDrawSize } from "../thumbnails";
import { accuracyOf, mostConfused, perClassAccuracy } from "./confusion";
import { mispredictionsHtml } from "./mispredictions-html";
import type { Predictions } from "./predictions";
import { topLosses, type TopLoss } from "./top-losses";

/** The gallery name in page requests (see GalleryPageRequest). */
export const ERRORS_GALLERY = "errors";
const MOST_CONFUSED_SHOWN = 10;

export interface MispredictionsInit {
  predictions: Predictions;
  ds: ImageDataset;
  confusion: number[][];
  pageSize: number;
  title: string;
  /** The model the predictions came from: with it, a gallery image can open its saliency map. */
  model?: tf.LayersModel;
}

/** The saliency map a gallery image opened (the panel under the gallery), or why there is none. */
export type MispredictionSaliency =
  | { index: number; method: SaliencyMethod; layer: string | undefined; map: Float32Array }
  | { index: number; error: string };

function caption(item: TopLoss, classNames: readonly string[]): string {
  const name = (c: number): string => classNames[c] ?? String(c);
  return `${name(item.actual)} → ${name(item.predicted)} | loss ${item.loss.toFixed(2)} | p(${name(item.actual)}) ${item.probActual.toFixed(3)}`;
}

/**
 * The misprediction gallery: confusion matrix, per-class accuracy, most-confused pairs, and the images
 * with the highest loss. A click on a confusion cell in the view sets `filter`; the kernel answers with that
 * cell's images. Pages past the first are sent only when a view asks for them.
 */
export class Mispredictions extends Widget<typeof WIDGETS.mispredictions> {
  readonly predictions: Predictions;
  private readonly ds: ImageDataset;
  /** Every image of the current gallery (errors, or the filtered cell), highest loss first. */
  private items: MispredictionItem[] = [];
  private readonly classifier: tf.LayersModel | undefined;
  private explained: MispredictionSaliency | undefined;

  constructor(init: MispredictionsInit) {
    const { predictions, ds, confusion, pageSize, title, model } = init;
    super(WIDGETS.mispredictions, {
      title,
      class_names: [...ds.classNames],
      confusion,
      per_class_accuracy: perClassAccuracy(confusion),
      accuracy: accuracyOf(confusion),
      total: predictions.labels.length,
      most_confused: mostConfused(confusion, { k: MOST_CONFUSED_SHOWN }),
      filter: null,
      gallery_total: 0,
      page_size: pageSize,
      gallery_thumbs: [],
      gallery_items: [],
      thumb_size: thumbnailDrawSize(ds),
      saliency_enabled: model !== undefined,
      saliency_index: null,
      saliency_panel: null,
    });
    this.predictions = predictions;
    this.ds = ds;
    this.classifier = model;
    this.setState(this.gallery(null));
  }

  /** The confusion cell the gallery shows, or null for every misprediction. */
  get filter(): ConfusionCell | null {
    return this.state.filter ? { ...this.state.filter } : null;
  }

  set filter(cell: ConfusionCell | null) {
    const problem = this.validateFrontendValue("filter", cell);
    if (problem) throw new RangeError(`filter: ${problem}`);
    this.setState(this.gallery(cell));
  }

  get confusion(): number[][] {
    return this.state.confusion.map((row) => [...row]);
  }

  /** Every item of the current gallery (dataset index, caption, classes, loss), highest loss first. */
  get galleryItems(): MispredictionItem[] {
    return this.items.map((item) => ({ ...item }));
  }

  /** One page of the current gallery: items and PNG thumbnails. */
  page(page: number): { items: MispredictionItem[]; thumbs: Uint8Array[] } {
    return galleryPage(this.ds, this.items, page, this.state.page_size);
  }

  /**
   * Shows where the model looked for dataset image `index` (Grad-CAM for a convolutional model, input
   * gradients otherwise) in a panel under the gallery: what the gallery's "saliency" button does.
   * Needs the model (`mispredictions(model, ds)`, or `{ model }` beside predictions). Returns the map.
   */
  explain(index: number): MispredictionSaliency {
    const problem = this.validateFrontendValue("saliency_index", index);
    if (problem) throw new RangeError(`explain: ${problem}`);
    this.setState({ saliency_index: index, saliency_panel: this.saliencyPanel(index) });
    return this.explained as MispredictionSaliency;
  }

  /** The saliency map shown under the gallery, if one was opened. */
  get saliency(): MispredictionSaliency | undefined {
    return this.explained;
  }

  private saliencyPanel(index: number): SaliencyPanel {
    const size = saliencyDrawSize(this.ds, 160, 192);
    try {
      const e = explainImages(this.classifier as tf.LayersModel, this.ds, [index]);
      this.explained = { index, method: e.method, layer: e.layer, map: e.maps[0] as Float32Array };
      return {
        index,
        title:
          `Where the model looked for #${index} (${e.what}, for the predicted class): original | map` +
          this.changedModelNote(index, e.predicted[0] as number),
        images: e.images.map((rgb) => encodePng(rgb, e.width, e.height, 3)),
        captions: e.captions,
        error: "",
        thumb_size: size,
      };
    } catch (error) {
      const message = `no saliency map for #${index}: ${(error as Error).message}`;
      this.explained = { index, error: message };
      return {
        index,
        title: `Where the model looked for #${index}`,
        images: [],
        captions: [],
        error: message,
        thumb_size: size,
      };
    }
  }

  /**
   * The map explains the model as it is now; trained further since the gallery was made, it may predict
   * another class than the gallery shows, and the panel says so rather than contradict the gallery silently.
   */
  private changedModelNote(index: number, predictedNow: number): string {
    const shown = this.predictions.predicted[index] as number;
    if (predictedNow === shown) return "";
    const name = (c: number): string => this.ds.classNames[c] ?? String(c);
    return ` — the model changed since this gallery was made: it now predicts ${name(predictedNow)}, the gallery shows ${name(shown)}; call mispredictions again for a gallery of the model as it is`;
  }

  private gallery(filter: ConfusionCell | null): Partial<MispredictionsState> {
    const ranked = topLosses(this.predictions, Infinity, filter ?? "errors");
    this.items = ranked.map((t) => ({
      index: t.index,
      caption: caption(t, this.ds.classNames),
      actual: t.actual,
      predicted: t.predicted,
      loss: t.loss,
      prob_actual: t.probActual,
    }));
    const first = this.page(0);
    return {
      filter: filter ? { actual: filter.actual, predicted: filter.predicted } : null,
      gallery_total: this.items.length,
      gallery_items: first.items,
      gallery_thumbs: first.thumbs,
    };
  }

  protected override validateFrontendValue(key: string, value: unknown): string | undefined {
    if (key === "saliency_index") {
      if (value === null) return undefined;
      if (!this.classifier)
        return "needs the model: mispredictions(model, ds), or mispredictions(predictions, ds, { model })";
      const n = this.ds.length;
      const ok = typeof value === "number" && Number.isInteger(value) && value >= 0 && value < n;
      return ok ? undefined : `must be null or a dataset index in 0..${n - 1}`;
    }
    if (key !== "filter" || value === null) return undefined;
    const n = this.state.class_names.length;
    const cell = value as Partial<ConfusionCell>;
    const isClass = (v: unknown): boolean => typeof v === "number" && Number.isInteger(v) && v >= 0 && v < n;
    return typeof value === "object" && isClass(cell.actual) && isClass(cell.predicted)
      ? undefined
      : `must be null or { actual, predicted } with class indices in 0..${n - 1}`;
  }

  protected override onFrontendChange(changed: Partial<MispredictionsState>): void {
    if ("filter" in changed) this.setState(this.gallery(changed.filter ?? null));
    if ("saliency_index" in changed) {
      const index = changed.saliency_index;
      this.setState({ saliency_panel: typeof index === "number" ? this.saliencyPanel(index) : null });
    }
  }

  protected override onCustomMessage(content: JsonObject): void {
    if (content.method !== "page") return;
    const request = parsePageRequest(content);
    const size = this.state.page_size;
    if (typeof request === "string" || request.gallery !== ERRORS_GALLERY) {
      const error =
        typeof request === "string"
          ? request
          : `no gallery "${request.gallery}"; this widget has "${ERRORS_GALLERY}"`;
      this.sendCustomMessage(pageReply(ERRORS_GALLERY, 0, size, this.items.length, [], error));
      return;
    }
    const { items, thumbs } = this.page(request.page);
    this.sendCustomMessage(pageReply(ERRORS_GALLERY, request.page, size, this.items.length, items), thumbs);
  }

  protected fallbackHtml(): string {
    return mispredictionsHtml(this.state);
  }

  toString(): string {
    const {
      total,
      accuracy,
      most_confused: pairs,
      class_names: names,
      filter,
      gallery_total: shown,
    } = this.state;
    const wrong = Math.round(total * (1 - accuracy));
    const lines = [
      `${this.state.title}: ${wrong.toLocaleString("en-US")} of ${total.toLocaleString("en-US")} images mispredicted ` +
        `(accuracy ${(100 * accuracy).toFixed(1)}%)`,
    ];
    if (pairs.length) {
      lines.push(
        `most confused (actual → predicted): ${pairs
          .slice(0, 5)
          .map((p) => `${names[p.actual]} → ${names[p.predicted]} (${p.count})`)
          .join(", ")}`,
      );
    }
    const what = filter ? `${names[filter.actual]} → ${names[filter.predicted]}` : "mispredictions";
    lines.push(`gallery: ${shown} ${what}, highest loss first`);
    for (const item of this.state.gallery_items.slice(0, 5)) lines.push(`  #${item.index}: ${item.caption}`);
    return lines.join("\n");
  }
}
