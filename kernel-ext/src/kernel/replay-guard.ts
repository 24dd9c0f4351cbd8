/** Signatures remembered per kernel session: Jupyter's own Session keeps the same number (2^16). */
export const REPLAY_MEMORY = 65536;

/**
 * Drops a signed message seen before. Keyed by the signature alone: it is an HMAC over the header, which
 * holds the msg_id, so a (msg_id, signature) pair repeats exactly when the signature does — and a key of
 * fixed size keeps memory bounded (about 10 MB at capacity) whatever the msg_ids are. The oldest entry is
 * forgotten first.
 */
export class ReplayGuard {
  private readonly seen = new Set<string>();
  private readonly order: string[] = [];
  private next = 0;

  constructor(private readonly capacity = REPLAY_MEMORY) {}

  /** True the first time a signature is offered, false on every repeat still remembered. */
  admit(signature: string): boolean {
    if (this.seen.has(signature)) return false;
    if (this.order.length < this.capacity) this.order.push(signature);
    else {
      this.seen.delete(this.order[this.next] as string);
      this.order[this.next] = signature;
      this.next = (this.next + 1) % this.capacity;
    }
    this.seen.add(signature);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}
