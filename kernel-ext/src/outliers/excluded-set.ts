/**
 * A Set of dataset indices that reports every change, so `report.excluded` and the widget's `excluded` state
 * stay one: code that adds or deletes updates the view, clicks in the view update the set.
 */
export class ExcludedSet extends Set<number> {
  private listener: ((values: number[]) => void) | undefined;
  private silent = false;

  /** Called after each change made through the Set API. */
  onChange(listener: (values: number[]) => void): void {
    this.listener = listener;
  }

  override add(value: number): this {
    const had = this.has(value);
    super.add(value);
    if (!had) this.notify();
    return this;
  }

  override delete(value: number): boolean {
    const removed = super.delete(value);
    if (removed) this.notify();
    return removed;
  }

  override clear(): void {
    const had = this.size > 0;
    super.clear();
    if (had) this.notify();
  }

  /** Replaces the contents without reporting (the change came from the view, which already shows it). */
  replaceFromView(values: Iterable<number>): void {
    this.silent = true;
    try {
      super.clear();
      for (const v of values) super.add(v);
    } finally {
      this.silent = false;
    }
  }

  /** Adds many values with one report. */
  addAll(values: Iterable<number>): void {
    this.silent = true;
    try {
      for (const v of values) super.add(v);
    } finally {
      this.silent = false;
    }
    this.notify();
  }

  sorted(): number[] {
    return [...this].sort((a, b) => a - b);
  }

  private notify(): void {
    if (!this.silent) this.listener?.(this.sorted());
  }
}
