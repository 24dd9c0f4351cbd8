import { el, type Binary } from "../components/dom";
import { LazyGallery } from "../components/lazy-gallery";
import { SortableTable } from "../components/sortable-table";
import { WIDGET_CLASSES, type ConfusedPair, type ConfusionCell, type MispredictionItem } from "../protocol";
import { modelClass, TslabMlView } from "./base-view";
import { galleryChannel } from "./gallery-channel";
import type { Expect } from "./validate";

export const MispredictionsModel = modelClass(WIDGET_CLASSES.mispredictions);

const pct = (x: number | null): string => (x === null ? "—" : `${(x * 100).toFixed(1)}%`);

/**
 * Where the model is wrong: a confusion matrix whose cells filter the gallery, the top losses with actual,
 * predicted, loss and the probability of the actual class, most-confused pairs and per-class accuracy.
 */
export class MispredictionsView extends TslabMlView {
  protected readonly stateSpec: Record<string, Expect> = {
    title: "string",
    class_names: "string[]",
    confusion: "array",
    per_class_accuracy: "array",
    most_confused: "array",
    gallery_total: "number",
    page_size: "number",
    gallery_thumbs: "binary[]",
    gallery_items: "array",
    thumb_size: "number",
  };
  private gallery: LazyGallery | undefined;

  protected draw(): HTMLElement {
    const get = <T>(k: string): T => this.model.get(k) as T;
    const names = get<string[]>("class_names");
    const confusion = get<number[][]>("confusion");
    const filter = get<ConfusionCell | null>("filter");
    const maxOff = Math.max(1, ...confusion.flatMap((row, a) => row.filter((_, p) => p !== a)));

    const matrix = el("table", {
      className: "tslab-ml-confusion",
      style: "border-collapse:collapse;font:11px sans-serif",
    });
    const header = el("tr", {}, [
      el("th", { text: "actual ↓ / predicted →", style: "padding:2px 6px;font-weight:normal;color:#666" }),
    ]);
    for (const name of names)
      header.append(
        el("th", {
          text: name,
          style: "padding:2px 4px;writing-mode:vertical-rl;transform:rotate(180deg);font-weight:normal",
        }),
      );
    matrix.append(header);
    confusion.forEach((row, actual) => {
      const tr = el("tr", {}, [
        el("th", {
          text: names[actual] ?? String(actual),
          style: "text-align:right;padding:2px 6px;font-weight:normal",
        }),
      ]);
      row.forEach((count, predicted) => {
        const diagonal = actual === predicted;
        const alpha = diagonal ? 0 : count / maxOff;
        const active = filter?.actual === actual && filter?.predicted === predicted;
        const td = el("td", {
          text: String(count),
          className: "tslab-ml-cell",
          attrs: {
            "data-actual": String(actual),
            "data-predicted": String(predicted),
            title: `${names[actual]} predicted as ${names[predicted]}`,
          },
          style:
            `padding:3px 6px;text-align:right;border:${active ? "2px solid #e8710a" : "1px solid #eee"};` +
            `background:${diagonal ? "#e6f4ea" : `rgba(217,48,37,${alpha.toFixed(3)})`};cursor:${diagonal ? "default" : "pointer"}`,
        });
        if (!diagonal) td.addEventListener("click", () => this.setFilter({ actual, predicted }));
        tr.append(td);
      });
      matrix.append(tr);
    });

    const accuracy = new SortableTable(
      [
        { key: "class", label: "class" },
        { key: "accuracy", label: "accuracy", format: (v) => (Number(v) < 0 ? "—" : pct(Number(v))) },
      ],
      names.map((name, i) => ({
        class: name,
        accuracy: get<(number | null)[]>("per_class_accuracy")[i] ?? -1,
      })),
    );
    accuracy.sortBy("accuracy");
    const pairs = new SortableTable(
      [
        { key: "pair", label: "actual → predicted" },
        { key: "count", label: "count" },
      ],
      get<ConfusedPair[]>("most_confused").map((p) => ({
        pair: `${names[p.actual]} → ${names[p.predicted]}`,
        count: p.count,
        actual: p.actual,
        predicted: p.predicted,
      })),
      {
        onRowClick: (row) => this.setFilter({ actual: Number(row.actual), predicted: Number(row.predicted) }),
        empty: "no confusions: every image is predicted right",
      },
    );

    const items = get<MispredictionItem[]>("gallery_items");
    this.gallery = new LazyGallery(items, get<Binary[]>("gallery_thumbs"), galleryChannel(this.model, this), {
      gallery: "errors",
      total: get<number>("gallery_total"),
      pageSize: get<number>("page_size"),
      cols: 8,
      thumbSize: get<number>("thumb_size"),
      empty: filter ? "no images in this cell" : "no mispredictions: every image is predicted right",
      detail: (item) => {
        const m = item as MispredictionItem;
        return m.loss === undefined
          ? undefined
          : `loss ${m.loss.toFixed(2)}, p(actual) ${pct(m.prob_actual)}`;
      },
    });
    const galleryTitle = filter
      ? `${names[filter.actual]} predicted as ${names[filter.predicted]}: ${get<number>("gallery_total")} images, highest loss first`
      : `all ${get<number>("gallery_total")} mispredictions, highest loss first`;
    const clear = el("button", { text: "show all", className: "tslab-ml-clear-filter" });
    clear.disabled = !filter;
    clear.addEventListener("click", () => this.setFilter(null));
    return el("div", { className: "tslab-ml-mispredictions" }, [
      el("div", {
        className: "tslab-ml-title",
        text: get<string>("title"),
        style: "font:bold 13px sans-serif;margin:4px 0",
      }),
      el("div", { className: "tslab-ml-row" }, [
        el("div", { className: "tslab-ml-scroll" }, [matrix]),
        el("div", {}, [
          el("div", { text: "most confused", style: "font:bold 12px sans-serif" }),
          pairs.element,
        ]),
        el("div", {}, [
          el("div", { text: "per-class accuracy", style: "font:bold 12px sans-serif" }),
          accuracy.element,
        ]),
      ]),
      el("div", { style: "display:flex;gap:8px;align-items:center;margin-top:8px" }, [
        el("span", {
          className: "tslab-ml-gallery-title",
          text: galleryTitle,
          style: "font:bold 12px sans-serif",
        }),
        clear,
      ]),
      this.gallery.element,
    ]);
  }

  protected override cleanup(): void {
    this.gallery?.dispose();
    this.gallery = undefined;
  }

  private setFilter(filter: ConfusionCell | null): void {
    this.model.set("filter", filter);
    this.model.save_changes();
  }
}
