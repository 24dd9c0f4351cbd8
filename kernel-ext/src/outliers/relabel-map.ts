import type { RelabelEntry } from "tslab-ml-protocol";
import { ChangeReporter } from "./change-reporter";

interface Labelled {
  length: number;
  classNames: readonly string[];
}

/** A reason to refuse a `relabeled` list from a view (schema-checked already), or undefined to take it. */
export function relabeledProblem(value: unknown, ds: Labelled): string | undefined {
  const n = ds.length;
  const classes = ds.classNames.length;
  const inRange = (v: number, end: number): boolean => Number.isInteger(v) && v >= 0 && v < end;
  const entries = Array.isArray(value) ? (value as RelabelEntry[]) : undefined;
  if (!entries?.every((e) => inRange(e.index, n) && inRange(e.label, classes)))
    return `must be { index, label } entries with indices in 0..${n - 1} and labels in 0..${classes - 1}`;
  if (new Set(entries.map((e) => e.index)).size !== entries.length)
    return "lists an image twice; give each image one new label";
  return undefined;
}

/**
 * A Map of dataset index → new class index that reports every change, so `report.relabeled` and the widget's
 * `relabeled` state stay one: code that sets or deletes updates the view, clicks in the view update the map.
 */
export class RelabelMap extends Map<number, number> {
  private readonly changes = new ChangeReporter(() => this.sorted());

  /** Called after each change made through the Map API. */
  onChange(listener: (entries: [number, number][]) => void): void {
    this.changes.listen(listener);
  }

  /** Called after each change made through the Map API, with the entries as a widget state carries them. */
  onStateChange(listener: (relabeled: RelabelEntry[]) => void): void {
    this.onChange((entries) => listener(entries.map(([index, label]) => ({ index, label }))));
  }

  override set(index: number, label: number): this {
    const changed = this.get(index) !== label;
    super.set(index, label);
    if (changed) this.changes.report();
    return this;
  }

  override delete(index: number): boolean {
    const removed = super.delete(index);
    if (removed) this.changes.report();
    return removed;
  }

  override clear(): void {
    const had = this.size > 0;
    super.clear();
    if (had) this.changes.report();
  }

  /** Replaces the contents without reporting (the change came from the view, which already shows it). */
  replaceFromView(entries: Iterable<readonly [number, number]>): void {
    this.changes.quietly(() => {
      super.clear();
      for (const [index, label] of entries) super.set(index, label);
    });
  }

  /** `replaceFromView` for a widget state's `relabeled` list. */
  replaceFromState(relabeled: readonly RelabelEntry[]): void {
    this.replaceFromView(relabeled.map((e) => [e.index, e.label] as const));
  }

  /** Sets many entries with one report. */
  setAll(entries: Iterable<readonly [number, number]>): void {
    this.changes.quietly(() => {
      for (const [index, label] of entries) super.set(index, label);
    });
    this.changes.report();
  }

  /** Throws naming the first entry that is not an image index of `ds` → a class index of `ds`. */
  check(ds: Labelled): void {
    const classes = ds.classNames.length;
    for (const [index, label] of this) {
      if (!Number.isInteger(index) || index < 0 || index >= ds.length)
        throw new RangeError(`relabeled: ${index} is not an image index (0..${ds.length - 1})`);
      if (!Number.isInteger(label) || label < 0 || label >= classes)
        throw new RangeError(`relabeled: image ${index} → ${label} is not a class index (0..${classes - 1})`);
    }
  }

  /** Entries sorted by index, as the widget state carries them. */
  sorted(): [number, number][] {
    return [...this].sort((a, b) => a[0] - b[0]);
  }
}
