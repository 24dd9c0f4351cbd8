import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { UsageError, type ParsedArgs } from "./args";

export const KERNEL_NAME = "tslab-ml";
export const DISPLAY_NAME = "TypeScript (ML)";

/** Debian's Jupyter lives in the system python; a pyenv python3 first on PATH often has none. */
const PYTHON_CANDIDATES = ["/usr/bin/python3", "python3", "python"];

export function kernelSpec(binPath: string): object {
  return {
    argv: [process.execPath, binPath, "kernel", "--config-path", "{connection_file}"],
    display_name: DISPLAY_NAME,
    language: "typescript",
    // SIGINT stops synchronous loops (vm breakOnSigint); interrupt_request messages are handled too.
    interrupt_mode: "signal",
    env: {},
    metadata: { debugger: false },
  };
}

function hasJupyterClient(python: string): boolean {
  const r = spawnSync(python, ["-c", "import jupyter_client"], { stdio: "ignore" });
  return r.status === 0;
}

/** `tslab-ml install [--user|--sys-prefix|--prefix DIR] [--python PY]`: writes the kernelspec through jupyter_client. */
export function runInstall(args: ParsedArgs, binPath: string): number {
  const modes = ["user", "sys-prefix", "prefix"].filter((m) => args.flags.has(m));
  if (modes.length > 1)
    throw new UsageError(`choose one of --user, --sys-prefix, --prefix (got ${modes.join(", ")})`);
  const requested = args.flags.get("python");
  const python =
    typeof requested === "string" ? requested : PYTHON_CANDIDATES.find((p) => hasJupyterClient(p));
  const specDir = mkdtempSync(join(tmpdir(), "tslab-ml-spec-"));
  try {
    writeFileSync(join(specDir, "kernel.json"), JSON.stringify(kernelSpec(resolve(binPath)), null, 2));
    if (!python || !hasJupyterClient(python)) {
      if (modes.length > 0 && !args.flags.has("user")) {
        throw new Error(
          `no Python with jupyter_client found (tried ${python ?? PYTHON_CANDIDATES.join(", ")}); ` +
            "install Jupyter (Debian: apt install jupyter-client) or pass --python",
        );
      }
      // Without jupyter_client, the per-user location is still well known.
      const target = join(
        process.env.JUPYTER_DATA_DIR ?? join(homedir(), ".local", "share", "jupyter"),
        "kernels",
        KERNEL_NAME,
      );
      mkdirSync(target, { recursive: true });
      writeFileSync(join(target, "kernel.json"), JSON.stringify(kernelSpec(resolve(binPath)), null, 2));
      console.log(`Installed kernelspec ${KERNEL_NAME} in ${target} (no jupyter_client found to ask)`);
      return 0;
    }
    const prefix = args.flags.get("prefix");
    const kwargs = [
      args.flags.has("user") ? "user=True" : "",
      args.flags.has("sys-prefix") ? "prefix=sys.prefix" : "",
      typeof prefix === "string" ? `prefix=${JSON.stringify(resolve(prefix))}` : "",
    ].filter(Boolean);
    const script =
      "import sys\nfrom jupyter_client.kernelspec import KernelSpecManager\n" +
      `d = KernelSpecManager().install_kernel_spec(${JSON.stringify(specDir)}, ${JSON.stringify(KERNEL_NAME)}, ${kwargs.join(", ") || "user=False"})\n` +
      "print(d)\n";
    const r = spawnSync(python, ["-c", script], { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`installing the kernelspec with ${python} failed:\n${r.stderr}`);
    console.log(`Installed kernelspec ${KERNEL_NAME} ("${DISPLAY_NAME}") in ${r.stdout.trim()}`);
    return 0;
  } finally {
    rmSync(specDir, { recursive: true, force: true });
  }
}
