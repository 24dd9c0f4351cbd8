/**
 * Coalesces stdout/stderr writes into few `stream` messages: a training loop printing a line per batch
 * would otherwise flood the frontend. Flushed on the next macrotask, or before any other output so order
 * is kept.
 */
export class StreamBuffer {
  private pending: { name: "stdout" | "stderr"; text: string }[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(private readonly emit: (name: "stdout" | "stderr", text: string) => void) {}

  write(name: "stdout" | "stderr", text: string): void {
    if (!text) return;
    const last = this.pending[this.pending.length - 1];
    if (last && last.name === name) last.text += text;
    else this.pending.push({ name, text });
    this.scheduled ??= setImmediate(() => this.flush());
  }

  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const pending = this.pending;
    this.pending = [];
    for (const { name, text } of pending) this.emit(name, text);
  }
}
