import { exportCommand } from "../onnx/cli-export";
import { TSLAB_ML_VERSION } from "../version";
import { usageLine, type CommandSpec } from "./args";
import { runCommand, type CliContext, type CliStreams, type Command } from "./command";
import { EXIT, EXIT_CODES_HELP } from "./exit-codes";
import { htmlCommand } from "./html-command";
import { installCommand } from "./install";
import { kernelCommand } from "./kernel-command";

interface Entry {
  spec: CommandSpec;
  invoke(argv: readonly string[], context: CliContext): Promise<number | "running">;
}
/** Each command's options type differs: the table keeps its spec and a runner bound to it. */
function entry<Options>(command: Command<Options>): Entry {
  return { spec: command.spec, invoke: (argv, context) => runCommand(command, argv, context) };
}
const COMMANDS: readonly Entry[] = [
  entry(installCommand),
  entry(kernelCommand),
  entry(exportCommand),
  entry(htmlCommand),
];

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.spec.name.length)) + 2;
  const lines = COMMANDS.map((c) => `  ${c.spec.name.padEnd(width)}${c.spec.summary}`);
  return (
    `Usage: tslab-ml <command> [options]\n\n` +
    `A Jupyter kernel for TensorFlow.js in TypeScript, with helpers to debug training and an ONNX exporter.\n\n` +
    `Commands:\n${lines.join("\n")}\n\n` +
    `Options:\n  -h, --help     show this help (tslab-ml <command> --help: that command's)\n` +
    `  -v, --version  print the version\n\n${EXIT_CODES_HELP}\n`
  );
}

/**
 * The `tslab-ml` program. Returns the exit status, or -1 when the process keeps running (the kernel).
 * Usage errors go to stderr with status 2 before anything is done; see exit-codes.ts for the others.
 */
export async function main(
  argv: readonly string[],
  binPath: string,
  streams: CliStreams = process,
): Promise<number> {
  const [first, ...rest] = argv;
  if (first === "--help" || first === "-h" || first === "help") {
    const topic = COMMANDS.find((c) => c.spec.name === rest[0]);
    if (topic) return result(await topic.invoke(["--help"], { streams, binPath }));
    streams.stdout.write(overview());
    return EXIT.ok;
  }
  if (first === "--version" || first === "-v") {
    streams.stdout.write(`tslab-ml ${TSLAB_ML_VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS.find((c) => c.spec.name === first);
  if (!command) {
    const problem =
      first === undefined
        ? "no command given"
        : first.startsWith("-")
          ? `unknown option ${first}`
          : `unknown command "${first}"`;
    const commands = COMMANDS.map((c) => `  ${usageLine(c.spec)}`).join("\n");
    streams.stderr.write(`tslab-ml: ${problem}\nUsage:\n${commands}\nRun "tslab-ml --help" for more.\n`);
    return EXIT.usage;
  }
  return result(await command.invoke(rest, { streams, binPath }));
}

function result(status: number | "running"): number {
  return status === "running" ? -1 : status;
}
