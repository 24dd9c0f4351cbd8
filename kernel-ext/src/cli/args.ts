/** A parsed command line: positionals and `--flag` / `--key value` / `--key=value` options. */
export interface ParsedArgs {
  positionals: string[];
  flags: Map<string, string | true>;
}

export class UsageError extends Error {
  override name = "UsageError";
}

/** Parses argv against the options a command knows; an unknown option is a usage error, not ignored. */
export function parseArgs(
  argv: readonly string[],
  known: { flags: readonly string[]; values: readonly string[] },
): ParsedArgs {
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith("--")) {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (known.flags.includes(name)) {
      flags.set(name, true);
    } else if (known.values.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else {
      const all = [...known.flags, ...known.values].map((f) => `--${f}`).join(", ");
      throw new UsageError(`unknown option --${name} (known: ${all || "none"})`);
    }
  }
  return { positionals, flags };
}
