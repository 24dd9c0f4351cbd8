import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { trackTemporary } from "../util/temporary-files";
import { UsageError } from "./args";
import type { CliStreams, Command } from "./command";
import { EXIT } from "./exit-codes";
import { findLabextension, installLabextension } from "./labextension";

export const KERNEL_NAME = "tslab-ml";
export const DISPLAY_NAME = "TypeScript (ML)";
/** The kernelspec's logos, shipped in the package's assets/ folder (made by scripts/make-logos.mjs). */
export const LOGO_FILES = ["logo-32x32.png", "logo-64x64.png"] as const;
const ASSETS_DIR = join(__dirname, "..", "..", "assets");

/** Debian's Jupyter lives in the system python; a pyenv python3 first on PATH often has none. */
const PYTHON_CANDIDATES = ["/usr/bin/python3", "python3", "python"];

/** Where to install: the Jupyter data dir chosen by the flags, and the Python whose jupyter_client resolves it. */
export interface InstallTarget {
  mode: "user" | "sys-prefix" | "prefix" | "default";
  prefix?: string;
  /** A Python with jupyter_client, or undefined when none was found. */
  python: string | undefined;
}

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

/** The kernelspec folder's files: kernel.json and the logos. */
function writeSpecFiles(dir: string, binPath: string): void {
  writeFileSync(join(dir, "kernel.json"), JSON.stringify(kernelSpec(resolve(binPath)), null, 2));
  for (const logo of LOGO_FILES) copyFileSync(join(ASSETS_DIR, logo), join(dir, logo));
}

/** Writes the kernelspec `tslab-ml` into the target's Jupyter data dir; returns the folder written. */
export function installKernelspec(target: InstallTarget, binPath: string): string {
  if (!target.python) {
    if (target.mode !== "default" && target.mode !== "user")
      throw new Error(
        `no Python with jupyter_client found (tried ${PYTHON_CANDIDATES.join(", ")}); ` +
          "install Jupyter (Debian: apt install jupyter-client) or pass --python PY",
      );
    // Without jupyter_client, the per-user location is still well known.
    const dir = join(
      process.env.JUPYTER_DATA_DIR ?? join(homedir(), ".local", "share", "jupyter"),
      "kernels",
      KERNEL_NAME,
    );
    mkdirSync(dir, { recursive: true });
    writeSpecFiles(dir, binPath);
    return dir;
  }
  const specDir = mkdtempSync(join(tmpdir(), "tslab-ml-spec-"));
  const release = trackTemporary(specDir);
  try {
    writeSpecFiles(specDir, binPath);
    const where =
      target.mode === "user"
        ? "user=True"
        : target.mode === "sys-prefix"
          ? "prefix=sys.prefix"
          : target.mode === "prefix"
            ? `prefix=${JSON.stringify(resolve(target.prefix as string))}`
            : "user=False";
    const script =
      "import sys\nfrom jupyter_client.kernelspec import KernelSpecManager\n" +
      `print(KernelSpecManager().install_kernel_spec(${JSON.stringify(specDir)}, ${JSON.stringify(KERNEL_NAME)}, ${where}))\n`;
    const r = spawnSync(target.python, ["-c", script], { encoding: "utf8" });
    if (r.status !== 0)
      throw new Error(`installing the kernelspec with ${target.python} failed:\n${r.stderr.trim()}`);
    return r.stdout.trim();
  } finally {
    rmSync(specDir, { recursive: true, force: true });
    release();
  }
}

interface InstallOptions {
  target: Omit<InstallTarget, "python">;
  python: string | undefined;
}

/** `tslab-ml install [--user|--sys-prefix|--prefix DIR] [--python PY]`. */
export const installCommand: Command<InstallOptions> = {
  spec: {
    name: "install",
    summary: `Install the Jupyter kernelspec "${KERNEL_NAME}" (shown as "${DISPLAY_NAME}", with logos) and the JupyterLab extension of its widgets.`,
    positionals: [],
    options: {
      user: { type: "boolean", help: "into your per-user Jupyter data dir" },
      "sys-prefix": { type: "boolean", help: "into the Jupyter data dir of the Python's prefix (a venv)" },
      prefix: { type: "string", value: "DIR", help: "into DIR/share/jupyter" },
      python: {
        type: "string",
        value: "PY",
        help: `the Python whose jupyter_client installs it (default: the first of ${PYTHON_CANDIDATES.join(", ")} that has one)`,
      },
    },
    details: "Without a flag, the system-wide location jupyter_client chooses (it may need root).",
  },
  validate({ values }) {
    const modes = (["user", "sys-prefix", "prefix"] as const).filter((m) => values[m] !== undefined);
    if (modes.length > 1)
      throw new UsageError(
        `choose one of --user, --sys-prefix, --prefix (got ${modes.map((m) => `--${m}`).join(", ")})`,
      );
    const prefix = typeof values.prefix === "string" ? values.prefix : undefined;
    if (prefix === "") throw new UsageError("--prefix needs a folder");
    const python = typeof values.python === "string" ? values.python : undefined;
    return { target: { mode: modes[0] ?? "default", prefix }, python };
  },
  async run(options, { streams, binPath }) {
    const target: InstallTarget = { ...options.target, python: findPython(options.python) };
    // Found before anything is written: a missing build fails the install without leaving half of it.
    const labextension = findLabextension();
    if (target.mode === "prefix" && !existsSync(target.prefix as string))
      mkdirSync(target.prefix as string, { recursive: true });
    const kernelDir = installKernelspec(target, binPath);
    report(streams, `Installed kernelspec ${KERNEL_NAME} ("${DISPLAY_NAME}") in ${kernelDir}`);
    // Into the same Jupyter data dir (<data>/kernels/tslab-ml): JupyterLab 4 / Notebook 7 show live widgets.
    const extensionDir = installLabextension(dirname(dirname(kernelDir)), labextension);
    report(streams, `Installed JupyterLab extension tslab-ml-widgets in ${extensionDir}`);
    return EXIT.ok;
  },
};

function findPython(requested: string | undefined): string | undefined {
  if (requested !== undefined) {
    if (!hasJupyterClient(requested))
      throw new Error(`${requested} cannot import jupyter_client; pass a Python that has Jupyter`);
    return requested;
  }
  return PYTHON_CANDIDATES.find((p) => hasJupyterClient(p));
}

function report(streams: CliStreams, line: string): void {
  streams.stdout.write(`${line}\n`);
}
