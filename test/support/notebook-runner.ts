import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "./kernel-client";

export const OUTPUT_DIR = join(REPO_ROOT, "test-output");

/**
 * Executes a notebook with nbclient (Debian's, for /usr/bin/python3) against this checkout's kernel,
 * storing widget state, and writes the executed copy to `outPath`.
 */
export function executeNotebook(inPath: string, outPath: string, timeoutSeconds = 300): void {
  mkdirSync(join(outPath, ".."), { recursive: true });
  const script = `
import os, sys
sys.path.insert(0, ${JSON.stringify(join(REPO_ROOT, "test", "kernel"))})
from kernelspec_env import use_checkout_kernel
use_checkout_kernel()
import nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, kernel_name="tslab-ml", timeout=${timeoutSeconds}, store_widget_state=True,
               resources={"metadata": {"path": os.path.dirname(os.path.abspath(sys.argv[1]))}}).execute()
nbformat.write(nb, sys.argv[2])
`;
  const r = spawnSync("/usr/bin/python3", ["-c", script, inPath, outPath], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`executing ${inPath} failed:\n${r.stderr}`);
}

/**
 * Executes a fixture notebook and exports it with `tslab-ml html` into test-output/browser; returns the
 * HTML path (what the static browser tests open).
 */
export function executeAndExport(fixture: string, name: string): string {
  const outDir = join(OUTPUT_DIR, "browser");
  mkdirSync(outDir, { recursive: true });
  const executed = join(outDir, `${name}.executed.ipynb`);
  executeNotebook(fixture, executed);
  return exportHtml(executed, join(outDir, `${name}.html`));
}

/** `tslab-ml html NOTEBOOK -o OUT`; throws with the CLI's stderr when it fails. */
export function exportHtml(notebook: string, html: string): string {
  const r = spawnSync(
    process.execPath,
    [join(REPO_ROOT, "kernel-ext", "bin", "tslab-ml.js"), "html", notebook, "-o", html],
    {
      encoding: "utf8",
    },
  );
  if (r.status !== 0) throw new Error(`tslab-ml html ${notebook} failed:\n${r.stderr}`);
  return html;
}
