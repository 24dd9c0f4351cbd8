import type { ImageDataset } from "../data/image-dataset";
import type { IssueKind, OutlierIssue } from "./issue-kinds";

/** Everything a report knows, as plain data: what `JSON.stringify(report)` writes. */
export interface OutlierReportJson {
  total: number;
  classNames: string[];
  checked: IssueKind[];
  skipped: { kind: IssueKind; reason: string }[];
  thresholds: Record<string, number>;
  issues: { index: number; path: string; kind: IssueKind; score: number; duplicateOf?: number }[];
  excluded: { index: number; path: string }[];
  relabeled: { index: number; path: string; from: string; to: string }[];
}

export interface ReportContents {
  ds: ImageDataset;
  checked: readonly IssueKind[];
  skipped: readonly { kind: IssueKind; reason: string }[];
  thresholds: Readonly<Record<string, number>>;
  issues: readonly OutlierIssue[];
  scores: ReadonlyMap<IssueKind, Float64Array>;
  excluded: ReadonlySet<number>;
  relabeled: ReadonlyMap<number, number>;
}

export function reportJson(r: ReportContents): OutlierReportJson {
  const path = (i: number): string => r.ds.meta(i).path;
  const sortedExcluded = [...r.excluded].sort((a, b) => a - b);
  return {
    total: r.ds.length,
    classNames: [...r.ds.classNames],
    checked: [...r.checked],
    skipped: r.skipped.map((s) => ({ ...s })),
    thresholds: { ...r.thresholds },
    issues: r.issues.map((issue) => ({ ...issue, path: path(issue.index) })),
    excluded: sortedExcluded.map((index) => ({ index, path: path(index) })),
    relabeled: [...r.relabeled]
      .sort((a, b) => a[0] - b[0])
      .map(([index, label]) => ({
        index,
        path: path(index),
        from: r.ds.classNames[r.ds.label(index)] as string,
        to: r.ds.classNames[label] as string,
      })),
  };
}

/**
 * A CSV field: quoted when it holds a comma, quote or line break; a leading =, +, −, @, tab or CR gets a
 * single quote so a spreadsheet shows it as text instead of running it as a formula (file names are
 * untrusted).
 */
export function csvField(value: string | number): string {
  let text = typeof value === "number" ? (Number.isFinite(value) ? String(value) : "") : value;
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One row per image: index, path, label, the kinds it was flagged for, excluded, new label, then its score
 * for every kind that ran (empty where it can't be measured).
 */
export function reportCsv(r: ReportContents): string {
  const kinds = r.checked.filter((k) => r.scores.has(k));
  const flags = new Map<number, IssueKind[]>();
  for (const issue of r.issues) {
    const list = flags.get(issue.index) ?? [];
    list.push(issue.kind);
    flags.set(issue.index, list);
  }
  const lines = [["index", "path", "label", "issues", "excluded", "new_label", ...kinds].join(",")];
  for (let i = 0; i < r.ds.length; i++) {
    const relabel = r.relabeled.get(i);
    const row: (string | number)[] = [
      i,
      r.ds.meta(i).path,
      r.ds.classNames[r.ds.label(i)] as string,
      (flags.get(i) ?? []).join(" "),
      r.excluded.has(i) ? "yes" : "",
      relabel === undefined ? "" : (r.ds.classNames[relabel] as string),
      ...kinds.map((k) => (r.scores.get(k) as Float64Array)[i] as number),
    ];
    lines.push(row.map(csvField).join(","));
  }
  return `${lines.join("\n")}\n`;
}
