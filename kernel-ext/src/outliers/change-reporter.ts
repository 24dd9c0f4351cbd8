/**
 * What ExcludedSet and RelabelMap share: one listener told after each change made through the collection's
 * own API, and a quiet mode for changes that came from the view (which already shows them) or that report
 * once at the end (bulk adds).
 */
export class ChangeReporter<T> {
  private listener: ((value: T) => void) | undefined;
  private silent = false;

  constructor(private readonly snapshot: () => T) {}

  listen(listener: (value: T) => void): void {
    this.listener = listener;
  }

  /** Runs `change` without reporting it. */
  quietly(change: () => void): void {
    this.silent = true;
    try {
      change();
    } finally {
      this.silent = false;
    }
  }

  report(): void {
    if (!this.silent) this.listener?.(this.snapshot());
  }
}
