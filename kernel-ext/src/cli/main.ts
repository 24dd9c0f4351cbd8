import { exportNotebookHtml } from "../html/export-html";
import { runExportCli } from "../onnx/cli-export";
import { startKernel } from "../kernel/start";
import { parseArgs, UsageError } from "./args";
import { runInstall } from "./install";

const USAGE = `Usage: tslab-ml <command>

Commands:
  install [--user|--sys-prefix|--prefix DIR] [--python PY]   write the Jupyter kernelspec "tslab-ml"
  kernel --config-path FILE                                  run the kernel (Jupyter starts it)
  export MODEL.json OUT.onnx [--opset N] [--no-verify]       export a saved TensorFlow.js model to ONNX
  html NOTEBOOK.ipynb [-o OUT.html] [--shared-bundle]       one offline HTML file, widgets live
                                                             (--shared-bundle: the widget bundle beside it, once)
`;

/** The `tslab-ml` command. Returns the exit code (the kernel command keeps running instead). */
export async function main(argv: readonly string[], binPath: string): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "install":
        return runInstall(
          parseArgs(rest, { flags: ["user", "sys-prefix"], values: ["prefix", "python"] }),
          binPath,
        );
      case "kernel": {
        const args = parseArgs(rest, { flags: [], values: ["config-path"] });
        const configPath = args.flags.get("config-path");
        if (typeof configPath !== "string")
          throw new UsageError("kernel needs --config-path FILE (Jupyter passes it)");
        await startKernel({ connectionFile: configPath });
        return -1;
      }
      case "export":
        return await runExportCli([...rest]);
      case "html": {
        const args = parseArgs(
          rest.map((a) => (a === "-o" ? "--output" : a)),
          { flags: ["shared-bundle"], values: ["output"] },
        );
        const [notebook, ...extra] = args.positionals;
        if (!notebook || extra.length > 0) throw new UsageError("html needs exactly one NOTEBOOK.ipynb");
        const output = args.flags.get("output");
        const written = await exportNotebookHtml(
          notebook,
          typeof output === "string" ? output : undefined,
          args.flags.has("shared-bundle"),
        );
        console.log(`Wrote ${written}`);
        return 0;
      }
      case undefined:
      case "help":
      case "--help":
      case "-h":
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`tslab-ml: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    process.stderr.write(`tslab-ml: ${(e as Error).message}\n`);
    return 1;
  }
}
