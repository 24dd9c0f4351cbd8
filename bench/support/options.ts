// What the benchmarks share: their command-line numbers and how they sum up repeated runs.

/** `--name N` from the command line, else `fallback`. */
export function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

/** The middle value (the upper one of an even count): one slow run on a shared machine does not move it. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}
