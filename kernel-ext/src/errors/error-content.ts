import { format } from "node:util";
import type { ErrorContent } from "../jupyter/messages";
import { isInterruptedError } from "../util/interrupt";

// Frames from Node internals, tslab's executor and this kernel say nothing about the user's cell.
const HIDDEN_FRAME =
  /node:internal|\(node:|at node:|[/\\]node_modules[/\\]tslab[/\\]|[/\\]kernel-ext[/\\](dist|src)[/\\]kernel[/\\]/;

const SIGINT_MESSAGE = /Script execution was interrupted by `SIGINT`|Interrupted asynchronously/;

/** The Jupyter `error` content for anything a cell threw. */
export function errorContentOf(thrown: unknown): ErrorContent {
  if (isInterruptedError(thrown)) {
    // Where the work stopped is the news; the stack through tfjs and tslab-ml internals is not.
    return { ename: "Interrupted", evalue: thrown.message, traceback: [thrown.message] };
  }
  if (thrown instanceof Error) {
    if (SIGINT_MESSAGE.test(thrown.message)) {
      return {
        ename: "Interrupted",
        evalue: "execution interrupted",
        traceback: ["Interrupted: execution interrupted"],
      };
    }
    const ename = thrown.name || thrown.constructor?.name || "Error";
    const evalue = thrown.message;
    const frames = (thrown.stack ?? "")
      .split("\n")
      .filter((line) => /^\s+at /.test(line) && !HIDDEN_FRAME.test(line));
    const traceback = [`${ename}: ${evalue}`, ...frames];
    const cause = thrown.cause;
    if (cause !== undefined)
      traceback.push(
        `Caused by: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : format(cause)}`,
      );
    return { ename, evalue, traceback };
  }
  const evalue = format(thrown);
  return { ename: "Thrown", evalue, traceback: [`Thrown (not an Error): ${evalue}`] };
}

/** The Jupyter `error` content for TypeScript diagnostics that stopped a cell before it ran. */
export function compileErrorContent(lines: readonly string[]): ErrorContent {
  const evalue =
    lines.length === 1 ? (lines[0] as string) : `${lines.length} errors, first: ${lines[0] ?? ""}`;
  return { ename: "CompileError", evalue, traceback: [...lines] };
}
