import {
  classBalanceTable,
  share,
  tableHtml,
  titleHtml,
  WIDGETS,
  type ClassBalanceState,
} from "tslab-ml-protocol";
import { ImageDataset } from "../data/image-dataset";
import { Widget } from "../display/widget";

/** A table of images per class in one or more datasets, side by side (e.g. before and after a subset). */
export class ClassBalance extends Widget<typeof WIDGETS.classBalance> {
  constructor(state: ClassBalanceState) {
    super(WIDGETS.classBalance, state);
  }

  /** Count per class of the column named `name`. */
  counts(name: string): number[] {
    const column = this.state.columns.find((c) => c.name === name);
    if (!column)
      throw new Error(`no column "${name}"; columns: ${this.state.columns.map((c) => c.name).join(", ")}`);
    return [...column.counts];
  }

  protected fallbackHtml(): string {
    return (
      `<div class="tslab-ml-class-balance" style="font:12px sans-serif">${titleHtml(this.state.title)}` +
      `${tableHtml(classBalanceTable(this.state))}</div>`
    );
  }

  toString(): string {
    const { columns, class_names: names, title } = this.state;
    const totals = columns.map((c) => c.counts.reduce((a, b) => a + b, 0));
    const width = Math.max(5, ...names.map((n) => n.length));
    const cells = (k: number): string[] =>
      columns.map((c, j) => `${c.counts[k] ?? 0} (${share(c.counts[k] ?? 0, totals[j] ?? 0)})`);
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
