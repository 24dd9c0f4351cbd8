import { ChangeReporter } from "./change-reporter";

/** A reason to refuse an `excluded` list from a view, or undefined to take it. */
export function excludedProblem(value: unknown, length: number): string | undefined {
  const ok = Array.isArray(value) && value.every((v) => Number.isInteger(v) && v >= 0 && v < length);
  return ok ? undefined : `must be a list of dataset indices in 0..${length - 1}`;
}

/**
 * A Set of dataset indices that reports every change, so `report.excluded` and the widget's `excluded` state
 * stay one: code that adds or deletes updates the view, clicks in the view update the set.
 */
export class ExcludedSet extends Set<number> {
  private readonly changes = new ChangeReporter(() => this.sorted());

  /** Called after each change made through the Set API. */
  onChange(listener: (values: number[]) => void): void {
    this.changes.listen(listener);
  }

  override add(value: number): this {
    const had = this.has(value);
    super.add(value);
    if (!had) this.changes.report();
    return this;
  }

  override delete(value: number): boolean {
    const removed = super.delete(value);
    if (removed) this.changes.report();
    return removed;
  }

  override clear(): void {
    const had = this.size > 0;
    super.clear();
    if (had) this.changes.report();
  }

  /** Replaces the contents without reporting (the change came from the view, which already shows it). */
  replaceFromView(values: Iterable<number>): void {
    this.changes.quietly(() => {
      super.clear();
      for (const v of values) super.add(v);
    });
  }

  /** Adds many values with one report. */
  addAll(values: Iterable<number>): void {
    this.changes.quietly(() => {
      for (const v of values) super.add(v);
    });
    this.changes.report();
  }

  sorted(): number[] {
    return [...this].sort((a, b) => a - b);
  }
}
