import {
  commandHelp,
  parseCommand,
  usageLine,
  UsageError,
  type CommandSpec,
  type ParsedCommand,
} from "./args";
import { EXIT } from "./exit-codes";

/** Where a command prints; tests pass their own. */
export interface CliStreams {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

export interface CliContext {
  streams: CliStreams;
  /** The path of the `tslab-ml` script being run (the kernelspec points at it). */
  binPath: string;
}

/**
 * One `tslab-ml` command. `validate` checks the options before any work (a bad value is a usage error);
 * `run` returns the exit status, or `"running"` for a command that keeps the process alive (the kernel).
 */
export interface Command<Options> {
  spec: CommandSpec;
  validate(parsed: ParsedCommand): Options;
  run(options: Options, context: CliContext): Promise<number | "running">;
}

/** Parses, validates and runs a command, mapping every outcome to an exit status (see exit-codes.ts). */
export async function runCommand<Options>(
  command: Command<Options>,
  argv: readonly string[],
  context: CliContext,
): Promise<number | "running"> {
  const { stdout, stderr } = context.streams;
  let options: Options;
  try {
    const parsed = parseCommand(command.spec, argv);
    if (parsed.help) {
      stdout.write(commandHelp(command.spec));
      return EXIT.ok;
    }
    options = command.validate(parsed);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    stderr.write(
      `tslab-ml ${command.spec.name}: ${e.message}\nUsage: ${usageLine(command.spec)}\n` +
        `Run "tslab-ml ${command.spec.name} --help" for the options.\n`,
    );
    return EXIT.usage;
  }
  try {
    return await command.run(options, context);
  } catch (e) {
    stderr.write(`tslab-ml ${command.spec.name}: ${(e as Error).message ?? String(e)}\n`);
    return EXIT.failure;
  }
}
