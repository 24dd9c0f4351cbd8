/** Longest history search pattern accepted: the match costs at most text length × pattern length. */
export const MAX_GLOB_LENGTH = 1000;

export class GlobError extends Error {
  override name = "GlobError";
}

/** A run of the pattern between stars: literal characters and `?` (any one character). */
class Segment {
  private readonly literal: boolean;
  constructor(readonly text: string) {
    this.literal = !text.includes("?");
  }

  get length(): number {
    return this.text.length;
  }

  matchesAt(subject: string, at: number): boolean {
    if (at < 0 || at + this.text.length > subject.length) return false;
    if (this.literal) return subject.startsWith(this.text, at);
    for (let i = 0; i < this.text.length; i++) {
      const c = this.text.charCodeAt(i);
      if (c !== 63 /* ? */ && c !== subject.charCodeAt(at + i)) return false;
    }
    return true;
  }

  /** The leftmost position ≥ from where the segment matches and ends by `end`, or -1. */
  find(subject: string, from: number, end: number): number {
    if (this.literal) {
      const at = subject.indexOf(this.text, from);
      return at >= 0 && at + this.text.length <= end ? at : -1;
    }
    for (let at = from; at + this.text.length <= end; at++) if (this.matchesAt(subject, at)) return at;
    return -1;
  }
}

/**
 * A glob matcher for history search (`*` any run of characters, `?` one character, all else literal; the
 * whole input must match, as IPython's history search does). No regular expression, no backtracking: the
 * runs between stars are placed leftmost one after the other (leftmost is always safe for globs), so the
 * cost is bounded by text length × pattern length whatever the number of stars.
 */
export function globMatcher(pattern: string): (subject: string) => boolean {
  if (pattern.length > MAX_GLOB_LENGTH) {
    throw new GlobError(
      `the search pattern has ${pattern.length} characters; at most ${MAX_GLOB_LENGTH} are accepted`,
    );
  }
  const parts = pattern.split("*");
  const first = new Segment(parts[0] ?? "");
  if (parts.length === 1) return (s) => s.length === first.length && first.matchesAt(s, 0);
  const last = new Segment(parts[parts.length - 1] ?? "");
  const middle = parts
    .slice(1, -1)
    .filter((p) => p !== "")
    .map((p) => new Segment(p));
  return (subject) => {
    if (subject.length < first.length + last.length) return false;
    if (!first.matchesAt(subject, 0) || !last.matchesAt(subject, subject.length - last.length)) return false;
    const end = subject.length - last.length;
    let pos = first.length;
    for (const segment of middle) {
      const at = segment.find(subject, pos, end);
      if (at < 0) return false;
      pos = at + segment.length;
    }
    return true;
  };
}
