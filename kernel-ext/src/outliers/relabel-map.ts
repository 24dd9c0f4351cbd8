import { ChangeReporter } from "./change-reporter";

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

  /** Sets many entries with one report. */
  setAll(entries: Iterable<readonly [number, number]>): void {
    this.changes.quietly(() => {
      for (const [index, label] of entries) super.set(index, label);
    });
    this.changes.report();
  }

  /** Throws naming the first entry that is not an image index of `ds` → a class index of `ds`. */
  check(ds: { length: number; classNames: readonly string[] }): void {
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
