// The npm packages as a user gets them: every workspace package is packed (`npm pack`), the tarballs are
// installed into a temporary prefix (from the npm cache; the registry only for what it lacks), and the
// installed `tslab-ml install --prefix` writes the kernelspec and the JupyterLab extension into a Jupyter
// prefix. The JupyterLab host then loads the extension from that prefix, starts the installed kernel and
// renders a widget live.
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/browser";
import { freePort, REPO_ROOT } from "../support/kernel-client";
import { processesUnder } from "../support/lab-host";

const PYTHON = "/usr/bin/python3";
const LAB_HOST = join(REPO_ROOT, "widgets", "lab-host");
let tmp: string;
let prefix: string;
let jupyterPrefix: string;
let server: ChildProcess | undefined;
let browser: Browser | undefined;

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const r = spawnSync(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

function duBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) total += duBytes(full);
    else if (e.isFile()) total += statSync(full).size;
  }
  return total;
}

before(
  () => {
    tmp = mkdtempSync(join(tmpdir(), "tslab-ml-pack-"));
    prefix = join(tmp, "npm-prefix");
    jupyterPrefix = join(tmp, "jupyter-prefix");
    mkdirSync(prefix);
    const workspaces = (
      JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { workspaces: string[] }
    ).workspaces;
    const tarballs = workspaces.map((ws) => {
      const out = run("npm", ["pack", "--json", "--pack-destination", tmp], join(REPO_ROOT, ws));
      const [info] = JSON.parse(out.slice(out.indexOf("["))) as { filename: string }[];
      return join(tmp, (info as { filename: string }).filename);
    });
    // onnxruntime-node would download CUDA parts without this (.npmrc of the repository says the same).
    const env = { ...process.env, npm_config_onnxruntime_node_install: "skip" };
    run(
      "npm",
      [
        "install",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        "--omit=optional",
        ...tarballs,
      ],
      prefix,
      env,
    );
  },
  { timeout: 20 * 60_000 },
);

after(
  async () => {
    await browser?.close().catch(() => undefined);
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server?.once("exit", r));
      server.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    }
    if (tmp) {
      for (const pid of processesUnder(tmp)) {
        try {
          process.kill(pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
      rmSync(tmp, { recursive: true, force: true });
    }
  },
  { timeout: 60_000 },
);

test("the tslab-ml tarball carries the prebuilt labextension, its README and LICENSE", () => {
  const pkg = join(prefix, "node_modules", "tslab-ml");
  for (const file of [
    "README.md",
    "LICENSE",
    "labextension/package.json",
    "bin/tslab-ml.js",
    "dist/index.js",
  ])
    assert.ok(existsSync(join(pkg, file)), `${file} in the installed package`);
  const manifest = JSON.parse(readFileSync(join(pkg, "package.json"), "utf8")) as {
    engines?: { node?: string };
    exports?: Record<string, unknown>;
  };
  assert.equal(manifest.engines?.node, ">=20");
  assert.ok(manifest.exports?.["."], "an exports map");
  console.log(
    `# installed size: tslab-ml ${(duBytes(pkg) / 1048576).toFixed(1)} MiB, with its dependencies ${(duBytes(join(prefix, "node_modules")) / 1048576).toFixed(0)} MiB`,
  );
});

test("the widgets and protocol packages have exports maps; the kernel finds the embed bundle through them", () => {
  for (const name of ["tslab-ml-widgets", "tslab-ml-protocol"]) {
    const manifest = JSON.parse(readFileSync(join(prefix, "node_modules", name, "package.json"), "utf8")) as {
      exports?: Record<string, unknown>;
      engines?: { node?: string };
    };
    assert.ok(manifest.exports?.["."] && manifest.exports["./package.json"], `${name}: an exports map`);
    assert.equal(manifest.engines?.node, ">=20", `${name}: engines`);
  }
  // What tslab-ml resolves of the widgets package (export-html.ts, labextension.ts): no code of it is loaded.
  const script =
    'for (const p of ["tslab-ml-widgets/package.json", "tslab-ml-widgets/dist-embed/tslab-ml-widgets.embed.js", "tslab-ml-widgets/labextension/package.json"]) console.log(require.resolve(p));';
  const resolved = run(process.execPath, ["-e", script], prefix).trim().split("\n");
  assert.equal(resolved.length, 3, resolved.join("\n"));
  for (const file of resolved) assert.ok(existsSync(file), file);
});

test("the installed package loads in plain Node without loading onnxruntime-node or sharp", () => {
  const script =
    'const m = require("tslab-ml"); const loaded = () => Object.keys(require.cache).filter((k) => /node_modules[\\\\/](onnxruntime-node|sharp)[\\\\/]/.test(k)).length;' +
    "const before = loaded(); const session = typeof m.ort.InferenceSession; console.log(JSON.stringify({ before, session, after: loaded(), names: Object.keys(m).length }));";
  const result = JSON.parse(run(process.execPath, ["-e", script], prefix)) as {
    before: number;
    session: string;
    after: number;
    names: number;
  };
  assert.equal(result.before, 0, "nothing native loaded with the package");
  assert.equal(result.session, "function");
  assert.ok(result.after > 0, "onnxruntime-node loads on first use");
});

test(
  "tslab-ml install --prefix: JupyterLab loads the extension from the prefix and renders a widget from the installed kernel",
  { timeout: 15 * 60_000 },
  async () => {
    const out = run(
      process.execPath,
      [
        join(prefix, "node_modules", ".bin", "tslab-ml"),
        "install",
        "--prefix",
        jupyterPrefix,
        "--python",
        PYTHON,
      ],
      tmp,
    );
    const data = join(jupyterPrefix, "share", "jupyter");
    assert.match(out, /Installed JupyterLab extension tslab-ml-widgets/);
    const spec = JSON.parse(readFileSync(join(data, "kernels", "tslab-ml", "kernel.json"), "utf8")) as {
      argv: string[];
    };
    assert.ok(
      spec.argv.some((a) => a.startsWith(prefix)),
      `the kernelspec runs the installed kernel: ${spec.argv}`,
    );
    const extension = join(data, "labextensions", "tslab-ml-widgets");
    assert.ok(existsSync(join(extension, "package.json")));

    run(process.execPath, [join(LAB_HOST, "scripts", "ensure-built.mjs"), "--quiet"], REPO_ROOT);
    const notebooks = join(tmp, "notebooks");
    mkdirSync(notebooks);
    copyFileSync(join(REPO_ROOT, "test", "browser", "fixtures", "live.ipynb"), join(notebooks, "live.ipynb"));
    const port = await freePort();
    const token = randomBytes(16).toString("hex");
    let log = "";
    server = spawn(
      PYTHON,
      [
        join(LAB_HOST, "lab_host.py"),
        "--ServerApp.ip=127.0.0.1",
        `--ServerApp.port=${port}`,
        `--ServerApp.token=${token}`,
        "--ServerApp.open_browser=False",
        `--ServerApp.root_dir=${notebooks}`,
        ...(process.getuid?.() === 0 ? ["--ServerApp.allow_root=True"] : []),
        `--LabHostApp.runtime_dir=${join(tmp, "lab-runtime")}`,
        `--LabHostApp.prebuilt_extensions=${extension}`,
        "--LabHostApp.expose_app_in_browser=True",
      ],
      {
        env: {
          ...process.env,
          // Kernelspecs from the prefix only; nothing of the machine's Jupyter setup.
          JUPYTER_PATH: data,
          JUPYTER_CONFIG_DIR: join(tmp, "jupyter-config"),
          JUPYTER_DATA_DIR: join(tmp, "jupyter-data"),
          JUPYTER_RUNTIME_DIR: join(tmp, "jupyter-runtime"),
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    server.stdout?.on("data", (d: Buffer) => (log += d.toString()));
    server.stderr?.on("data", (d: Buffer) => (log += d.toString()));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the lab host exited:\n${log.slice(-4000)}`);
      const ok = await fetch(`${base}/api/status`, { headers: { Authorization: `token ${token}` } })
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`the lab host never answered:\n${log.slice(-4000)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.match(
      log,
      new RegExp(
        `labextension tslab-ml-widgets \\S* from ${extension.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`,
      ),
    );

    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/lab/tree/live.ipynb?token=${token}`);
    await page.waitForSelector("body[data-lab-host-restored]", { state: "attached", timeout: 120_000 });
    type App = {
      jupyterapp: {
        commands: { execute(id: string): Promise<unknown> };
        isPluginActivated(id: string): boolean;
        shell: {
          currentWidget: { sessionContext: { session: { kernel: { status: string } | null } | null } } | null;
        };
      };
    };
    await page.waitForFunction(
      () =>
        (globalThis as unknown as App).jupyterapp.shell.currentWidget?.sessionContext.session?.kernel
          ?.status === "idle",
      null,
      { timeout: 180_000 },
    );
    assert.ok(
      await page.evaluate(() =>
        (globalThis as unknown as App).jupyterapp.isPluginActivated("tslab-ml-widgets:plugin"),
      ),
    );
    await page.evaluate(() =>
      (globalThis as unknown as App).jupyterapp.commands.execute("notebook:run-all-cells"),
    );
    await page.waitForFunction(
      () => {
        const imgs = Array.from(document.querySelectorAll<HTMLImageElement>(".tslab-ml-image-batch img"));
        return imgs.length === 4 && imgs.every((i) => i.complete && i.naturalWidth > 0);
      },
      null,
      { timeout: 120_000 },
    );
    // The kernel that drew it is the installed one.
    const kernels = readdirSync("/proc")
      .filter((p) => /^\d+$/.test(p))
      .map((p) => {
        try {
          return readFileSync(`/proc/${p}/cmdline`, "utf8");
        } catch {
          return "";
        }
      })
      .filter((c) => c.includes("tslab-ml") && c.includes("--config-path"));
    assert.ok(
      kernels.some((c) => c.includes(prefix)),
      `a kernel from ${prefix} runs: ${kernels.join("\n")}`,
    );
  },
);
