import { WIDGET_CLASSES } from "tslab-ml-widgets/dist/protocol";
import type { ClassBalanceState } from "tslab-ml-widgets/dist/protocol/class-balance";
import { ImageDataset } from "../data/image-dataset";
import { escapeHtml } from "../display/html";
import { Widget } from "../display/widget";

const percent = (count: number, total: number): string =>
  total > 0 ? `${((100 * count) / total).toFixed(1)}%` : "–";

/** A table of images per class in one or more datasets, side by side (e.g. before and after a subset). */
export class ClassBalance extends Widget<ClassBalanceState> {
  constructor(state: ClassBalanceState) {
    super(WIDGET_CLASSES.classBalance, state);
  }

  /** Count per class of the column named `name`. */
  counts(name: string): number[] {
    const column = this.state.columns.find((c) => c.name === name);
    if (!column)
      throw new Error(`no column "${name}"; columns: ${this.state.columns.map((c) => c.name).join(", ")}`);
    return [...column.counts];
  }

  protected fallbackHtml(): string {
    const { columns, class_names: names, title } = this.state;
    const totals = columns.map((c) => c.counts.reduce((a, b) => a + b, 0));
    // Bars are drawn to the largest class share of any column, so columns compare at a glance.
    const max = Math.max(
      1e-9,
      ...columns.flatMap((c, j) => c.counts.map((n) => n / Math.max(1, totals[j] ?? 1))),
    );
    const cell = "padding:2px 8px;border-bottom:1px solid #eee";
    const head = columns
      .map((c) => `<th style="${cell};text-align:left">${escapeHtml(c.name)}</th>`)
      .join("");
    const rows = names
      .map((name, k) => {
        const tds = columns
          .map((c, j) => {
            const n = c.counts[k] ?? 0;
            const share = n / Math.max(1, totals[j] ?? 1);
            const bar = `<span style="display:inline-block;height:8px;width:${Math.round((60 * share) / max)}px;background:#2a7ae2;margin-right:6px"></span>`;
            return `<td style="${cell};white-space:nowrap">${bar}${n.toLocaleString("en-US")} <span style="color:#777">(${percent(n, totals[j] ?? 0)})</span></td>`;
          })
          .join("");
        return `<tr><td style="${cell}">${escapeHtml(name)}</td>${tds}</tr>`;
      })
      .join("");
    const foot = totals
      .map((t) => `<td style="${cell};font-weight:bold">${t.toLocaleString("en-US")}</td>`)
      .join("");
    return (
      `<div class="tslab-ml-class-balance" style="font:12px sans-serif"><div style="font-weight:bold;margin:4px 0">${escapeHtml(title)}</div>` +
      `<table style="border-collapse:collapse"><thead><tr><th style="${cell};text-align:left">class</th>${head}</tr></thead>` +
      `<tbody>${rows}<tr><td style="${cell};font-weight:bold">total</td>${foot}</tr></tbody></table></div>`
    );
  }

  toString(): string {
    const { columns, class_names: names, title } = this.state;
    const totals = columns.map((c) => c.counts.reduce((a, b) => a + b, 0));
    const width = Math.max(5, ...names.map((n) => n.length));
    const cells = (k: number): string[] =>
      columns.map((c, j) => `${c.counts[k] ?? 0} (${percent(c.counts[k] ?? 0, totals[j] ?? 0)})`);
    const colWidth = Math.max(
      ...columns.map((c) => c.name.length),
      ...names.flatMap((_, k) => cells(k).map((s) => s.length)),
    );
    const line = (label: string, values: string[]): string =>
      `${label.padEnd(width)}  ${values.map((v) => v.padStart(colWidth)).join("  ")}`;
    return [
      title,
      line(
        "class",
        columns.map((c) => c.name),
      ),
      ...names.map((name, k) => line(name, cells(k))),
      line("total", totals.map(String)),
    ].join("\n");
  }
}

/**
 * Images per class of a dataset, or of several side by side:
 * `classBalance({ full: ds, subset: stratifiedSubset(ds, { fraction: 0.1 }) })`.
 * @example classBalance({ train, validation })
 */
export function classBalance(
  datasets: ImageDataset | Readonly<Record<string, ImageDataset>>,
  options: { title?: string } = {},
): ClassBalance {
  const named: [string, ImageDataset][] =
    datasets instanceof ImageDataset ? [["images", datasets]] : Object.entries(datasets);
  const first = named[0];
  if (!first)
    throw new Error(
      "classBalance: pass a dataset or an object of named datasets, e.g. { before: a, after: b }",
    );
  for (const [name, ds] of named) {
    if (!(ds instanceof ImageDataset)) throw new TypeError(`classBalance: "${name}" is not an ImageDataset`);
    if (ds.classNames.join("\u0000") !== first[1].classNames.join("\u0000")) {
      throw new Error(
        `classBalance: "${name}" has other classes than "${first[0]}"; compare datasets of the same classes`,
      );
    }
  }
  return new ClassBalance({
    title: options.title ?? `Images per class (${named.map(([n, ds]) => `${n}: ${ds.length}`).join(", ")})`,
    class_names: [...first[1].classNames],
    columns: named.map(([name, ds]) => ({ name, counts: ds.classCounts })),
  });
}
