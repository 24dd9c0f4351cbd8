import { count, pct } from "../format";
import type { TableSpec } from "../render/table";
import type { ClassBalanceState } from "../widgets/class-balance";
import { barHtml } from "./common";

/** The share bars' length at the largest share (px). */
const SHARE_BAR_PX = 40;

/**
 * The class-balance table: per dataset the count and share of each class, a bar drawn to the largest
 * share of any dataset (so datasets compare at a glance), totals in the footer. Class and dataset names
 * wrap between words only; with short bars, two or three datasets fit a 584 px output (a 700 px window).
 */
export function classBalanceTable(state: ClassBalanceState): TableSpec {
  const totals = state.columns.map((c) => c.counts.reduce((a, b) => a + b, 0));
  const largest = Math.max(
    1e-9,
    ...state.columns.flatMap((c, j) => c.counts.map((n) => n / Math.max(1, totals[j] ?? 1))),
  );
  const key = (j: number, what: "n" | "share"): string => `${what}${j}`;
  return {
    className: "tslab-ml-class-table",
    columns: [
      { key: "class", label: "class", wholeWords: true },
      ...state.columns.flatMap((c, j) => [
        {
          key: key(j, "n"),
          label: c.name,
          wholeWords: true,
          format: (v: unknown) => (typeof v === "number" ? count(v) : ""),
        },
        {
          key: key(j, "share"),
          label: "%",
          format: (v: unknown) => (typeof v === "number" ? pct(v) : ""),
          prefixHtml: (v: unknown) => (typeof v === "number" ? barHtml(v / largest, SHARE_BAR_PX) : ""),
        },
      ]),
    ],
    rows: state.class_names.map((name, i) => {
      const row: Record<string, string | number> = { class: name };
      state.columns.forEach((c, j) => {
        const n = c.counts[i] ?? 0;
        row[key(j, "n")] = n;
        row[key(j, "share")] = totals[j] ? n / (totals[j] as number) : 0;
      });
      return row;
    }),
    footer: [Object.fromEntries([["class", "total"], ...totals.map((t, j) => [key(j, "n"), t] as const)])],
    empty: "no classes",
  };
}
