import { useCodeCache } from "../kernel/code-cache";
import { startRemoteConverter } from "../kernel/compile-worker";
import { UsageError } from "./args";
import type { Command } from "./command";

/** `tslab-ml kernel --config-path FILE`: what Jupyter runs (the kernelspec's argv). */
export const kernelCommand: Command<{ connectionFile: string }> = {
  spec: {
    name: "kernel",
    summary: "Run the kernel on a Jupyter connection file (Jupyter starts it through the kernelspec).",
    positionals: [],
    options: {
      "config-path": { type: "string", value: "FILE", help: "the connection file Jupyter writes" },
    },
  },
  validate({ values }) {
    const file = values["config-path"];
    if (typeof file !== "string" || file === "")
      throw new UsageError("--config-path FILE is required (Jupyter passes it)");
    return { connectionFile: file };
  },
  async run({ connectionFile }) {
    // Set before the big libraries load: tslab's TypeScript and tfjs then compile from V8's code cache.
    const codeCache = useCodeCache();
    // TypeScript sets up on its own thread (the longest part of a start) from now on, while this one
    // loads the rest of the kernel, tfjs and the backend.
    const compiler = startRemoteConverter();
    const { startKernel } = await import("../kernel/start");
    await startKernel({ connectionFile, compiler });
    // Saved once the prelude ran: the cache then also holds what start-up compiled lazily.
    codeCache?.save();
    return "running";
  },
};
