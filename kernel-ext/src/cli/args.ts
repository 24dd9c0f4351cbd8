import { parseArgs } from "node:util";

/** A wrong command line: reported on stderr with the command's usage, exit status 2, before any work. */
export class UsageError extends Error {
  override name = "UsageError";
}

export interface OptionSpec {
  type: "boolean" | "string";
  short?: string;
  /** Placeholder shown in help for a string option, e.g. "DIR". */
  value?: string;
  help: string;
}

/** What a command accepts; its help text is generated from this, so the two never disagree. */
export interface CommandSpec {
  name: string;
  /** One line: what the command does. */
  summary: string;
  /** The positional arguments in order, e.g. ["MODEL.json", "OUT.onnx"]; a trailing "?" marks optional ones. */
  positionals: readonly string[];
  options: Readonly<Record<string, OptionSpec>>;
  /** Extra paragraphs for `tslab-ml <command> --help`. */
  details?: string;
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface ParsedCommand {
  positionals: string[];
  values: OptionValues;
  help: boolean;
}

interface NodeParseError extends Error {
  code?: string;
}

/** Parses a command's arguments with node:util's parseArgs (strict); every mistake becomes a UsageError. */
export function parseCommand(spec: CommandSpec, argv: readonly string[]): ParsedCommand {
  const options: Record<string, { type: "boolean" | "string"; short?: string }> = {
    help: { type: "boolean", short: "h" },
  };
  for (const [name, o] of Object.entries(spec.options))
    options[name] = o.short ? { type: o.type, short: o.short } : { type: o.type };
  let parsed: { values: OptionValues; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (e) {
    throw new UsageError(explain(e as NodeParseError, spec));
  }
  const values: OptionValues = Object.assign(Object.create(null) as OptionValues, parsed.values);
  if (values.help === true) return { positionals: parsed.positionals, values, help: true };
  const required = spec.positionals.filter((p) => !p.endsWith("?")).length;
  const got = parsed.positionals.length;
  if (got < required || got > spec.positionals.length) {
    const names = spec.positionals.map((p) => p.replace(/\?$/, "")).join(" ");
    throw new UsageError(
      `${spec.name} takes ${names ? names : "no arguments"}, got ${got} argument${got === 1 ? "" : "s"}` +
        (got > 0 ? ` (${parsed.positionals.map((p) => JSON.stringify(p)).join(" ")})` : ""),
    );
  }
  return { positionals: parsed.positionals, values, help: false };
}

function explain(e: NodeParseError, spec: CommandSpec): string {
  const option = /'(-[^' ]+)/.exec(e.message)?.[1] ?? "";
  switch (e.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
      const known = Object.keys(spec.options).map((n) => `--${n}`);
      return `unknown option ${option} (${spec.name} knows ${[...known, "--help"].join(", ")})`;
    }
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      return /argument missing/.test(e.message) ? `${option} needs a value` : `${option} takes no value`;
    default:
      return e.message;
  }
}

/** The text of `tslab-ml <command> --help`. */
export function commandHelp(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : "    "}--${name}${o.type === "string" ? ` ${o.value ?? "VALUE"}` : ""}`;
    return [flag, o.help] as const;
  });
  rows.push(["-h, --help", "show this help"]);
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  const lines = rows.map(([flag, help]) => `  ${flag.padEnd(width)}${help}`);
  return (
    `Usage: ${usageLine(spec)}\n\n${spec.summary}\n\nOptions:\n${lines.join("\n")}\n` +
    (spec.details ? `\n${spec.details.trimEnd()}\n` : "")
  );
}

/** `tslab-ml export MODEL.json OUT.onnx [options]`. */
export function usageLine(spec: CommandSpec): string {
  const positionals = spec.positionals.map((p) => (p.endsWith("?") ? `[${p.slice(0, -1)}]` : p));
  return ["tslab-ml", spec.name, ...positionals, "[options]"].join(" ");
}
