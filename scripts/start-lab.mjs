#!/usr/bin/env node
// `npm start`: JupyterLab on notebooks/ with the "TypeScript (ML)" kernel of this checkout and the
// tslab-ml widgets labextension; prints the URL with its token.
//
// JupyterLab itself: the user's own `jupyter lab` (4.x) when one is installed, otherwise the JupyterLab 4
// front end that widgets/lab-host assembles from npm and serves with Debian's jupyter-server +
// jupyterlab-server (installed and built on first use, cached afterwards).
//
//   npm start -- --notebook-dir ~/my-notebooks    (relative paths: from where you run npm)
//   node scripts/start-lab.mjs [--port N] [--token T] [--notebook-dir DIR] [--runtime-dir DIR]
//                              [--lab-host] [--expose-app] [--production]
//     --lab-host     use the assembled front end even when `jupyter lab` is installed
//     --expose-app   window.jupyterapp in the page (browser tests; assembled front end only)
//     --production   build the assembled front end minified (slower build, smaller download)
// The kernelspec and the labextension link go into a private Jupyter data dir under the runtime dir
// (default widgets/lab-host/.runtime), put first on JUPYTER_PATH: nothing is installed for the user.
// Ctrl-C (or SIGTERM) stops the server cleanly, kernels included.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
} from "node:fs";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { setTimeout } from "node:timers";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

/* global fetch */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const LAB_HOST = join(ROOT, "widgets", "lab-host");
const LABEXTENSION = join(ROOT, "widgets", "labextension");
const KERNEL_BIN = join(ROOT, "kernel-ext", "bin", "tslab-ml.js");
const SYSTEM_PYTHON = "/usr/bin/python3";

function parseArgs(argv) {
  const opts = { flags: new Set() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unexpected argument ${a}`);
    const [, name, inline] = m;
    if (["port", "token", "notebook-dir", "runtime-dir"].includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      // Jupyter reads an empty token as "no authentication": anyone reaching the port could run code.
      if (name === "token" && value.trim() === "")
        throw new Error(
          "--token must not be empty (that turns authentication off); omit it for a random one",
        );
      opts[name] = value;
    } else if (["lab-host", "expose-app", "production", "help"].includes(name)) opts.flags.add(name);
    else throw new Error(`unknown option --${name}`);
  }
  return opts;
}

const say = (msg) => console.log(`[start-lab] ${msg}`);

function run(cmd, args, what, options = {}) {
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: ROOT, ...options });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${what} failed (exit ${r.status})`);
}

function portFree(port) {
  return new Promise((res) => {
    const server = createServer();
    server.once("error", () => res(false));
    server.listen(port, "127.0.0.1", () => server.close(() => res(true)));
  });
}

async function choosePort(requested) {
  if (requested) return Number(requested);
  for (let port = 8888; port < 8988; port++) if (await portFree(port)) return port;
  throw new Error("no free port in 8888-8987: pass --port");
}

function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** The kernel (kernel-ext/dist) and the widgets' JavaScript (widgets/dist) must be built. */
function ensureProjectBuilt() {
  if (
    existsSync(join(ROOT, "kernel-ext", "dist", "cli", "main.js")) &&
    existsSync(join(ROOT, "widgets", "dist"))
  )
    return;
  say("building the TypeScript packages (tsc -b) ...");
  run(
    process.execPath,
    [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-b", "tsconfig.json"],
    "tsc -b",
  );
}

/** The prebuilt labextension (widgets/labextension): built with --dev when missing or older than widgets/dist. */
function ensureLabextension() {
  const pkg = join(LABEXTENSION, "package.json");
  let fresh = false;
  if (existsSync(pkg)) {
    const built = JSON.parse(readFileSync(pkg, "utf8")).jupyterlab?._build !== undefined;
    fresh = built && statSync(pkg).mtimeMs >= newestMtime(join(ROOT, "widgets", "dist"));
  }
  if (fresh) return;
  say("building the tslab-ml-widgets labextension (development build) ...");
  run(
    process.execPath,
    [join(ROOT, "widgets", "scripts", "build-labextension.mjs"), "--dev"],
    "the labextension build",
  );
}

/**
 * A private Jupyter data dir: the kernelspec of this checkout and a link to the labextension. Runs in the
 * background (a second or two of Node and Python start-up): the server reads kernelspecs when asked, so it
 * starts meanwhile; the URL is printed once both are done.
 */
function preparePrivateJupyterData(runtimeDir) {
  const prefix = join(runtimeDir, "jupyter-prefix");
  const data = join(prefix, "share", "jupyter");
  const done = new Promise((res, rej) => {
    const child = spawn(
      process.execPath,
      [KERNEL_BIN, "install", "--prefix", prefix, "--python", SYSTEM_PYTHON],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.once("error", rej);
    child.once("exit", (code) => {
      if (code !== 0) return rej(new Error(`installing the tslab-ml kernelspec failed:\n${output}`));
      // `tslab-ml install` copies the labextension; the checkout's build is linked instead, so a rebuild shows.
      const link = join(data, "labextensions", "tslab-ml-widgets");
      mkdirSync(dirname(link), { recursive: true });
      let linked = false;
      try {
        linked = lstatSync(link).isSymbolicLink();
      } catch {
        // absent
      }
      if (!linked) {
        rmSync(link, { recursive: true, force: true });
        symlinkSync(LABEXTENSION, link, "dir");
      }
      res(data);
    });
  });
  // Awaited later; a failure is reported there, not as an unhandled rejection meanwhile.
  done.catch(() => undefined);
  return { data, done };
}

/** Whether `name` is an executable file in a folder of PATH (no process started: start-up time counts). */
function onPath(name) {
  return (process.env.PATH ?? "").split(":").some((dir) => {
    try {
      return dir !== "" && statSync(join(dir, name)).isFile();
    } catch {
      return false;
    }
  });
}

/**
 * The user's own JupyterLab 4, if any: the command to run it. Asked cheaply: `jupyter lab` only when a
 * `jupyter-lab` script is on PATH, a Python only for the installed version's metadata (importing
 * jupyterlab, or failing to, costs a second or two on every start).
 */
function findUserJupyterLab() {
  const candidates = [];
  if (onPath("jupyter-lab")) candidates.push(["jupyter", ["lab"], ["lab", "--version"]]);
  const metadata = ["-c", "import importlib.metadata as m; print(m.version('jupyterlab'))"];
  for (const py of [...new Set(["python3", SYSTEM_PYTHON])])
    candidates.push([py, ["-m", "jupyterlab"], metadata]);
  for (const [cmd, pre, versionArgs] of candidates) {
    const r = spawnSync(cmd, versionArgs, { encoding: "utf8", timeout: 30_000 });
    const version = r.status === 0 ? /^(\d+)\.(\d+)\.\S*/m.exec(r.stdout ?? "") : null;
    if (!version) continue;
    if (Number(version[1]) < 4) {
      say(`found JupyterLab ${version[0]} (${cmd} ${pre.join(" ")}): too old for the widgets' labextension`);
      continue;
    }
    return { cmd, pre, version: version[0] };
  }
  return null;
}

async function waitForServer(url, token, child, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`the server exited (code ${child.exitCode}) before it answered`);
    try {
      const res = await fetch(`${url}/api/status`, { headers: { Authorization: `token ${token}` } });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`the server did not answer on ${url} within ${timeoutMs / 1000} s`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.flags.has("help")) {
    console.log(
      readFileSync(fileURLToPath(import.meta.url), "utf8")
        .split("\n")
        .slice(1)
        .filter((line, i, lines) => lines.slice(0, i + 1).every((l) => l.startsWith("//")))
        .join("\n"),
    );
    return;
  }
  const port = await choosePort(opts.port);
  const token = opts.token ?? randomBytes(24).toString("hex");
  // `npm start` runs from the repo root; a relative --notebook-dir means the folder the user typed it in.
  const userCwd = process.env.INIT_CWD ?? process.cwd();
  const notebookDir = opts["notebook-dir"] ? resolve(userCwd, opts["notebook-dir"]) : join(ROOT, "notebooks");
  if (!existsSync(notebookDir) || !statSync(notebookDir).isDirectory())
    throw new Error(`--notebook-dir ${notebookDir} is not a folder: pass an existing folder of notebooks`);
  const runtimeDir = resolve(opts["runtime-dir"] ?? join(LAB_HOST, ".runtime"));
  mkdirSync(runtimeDir, { recursive: true });

  ensureProjectBuilt();
  ensureLabextension();
  const jupyterData = preparePrivateJupyterData(runtimeDir);
  const env = {
    ...process.env,
    JUPYTER_PATH: [jupyterData.data, process.env.JUPYTER_PATH].filter(Boolean).join(":"),
  };
  const serverArgs = [
    "--ServerApp.ip=127.0.0.1",
    `--ServerApp.port=${port}`,
    "--ServerApp.port_retries=0",
    `--ServerApp.token=${token}`,
    "--ServerApp.open_browser=False",
    `--ServerApp.root_dir=${notebookDir}`,
  ];
  if (process.getuid?.() === 0) serverArgs.push("--ServerApp.allow_root=True");

  const userLab = opts.flags.has("lab-host") ? null : findUserJupyterLab();
  let child;
  let label;
  if (userLab) {
    // JupyterLab finds its labextensions when it starts: the link must be there first.
    await jupyterData.done;
    label = `JupyterLab ${userLab.version} (${userLab.cmd} ${userLab.pre.join(" ")})`;
    say(`using your ${label}`);
    child = spawn(userLab.cmd, [...userLab.pre, ...serverArgs], {
      env,
      stdio: ["ignore", "inherit", "inherit"],
      detached: true,
    });
  } else {
    say("no JupyterLab 4 installed: using the one assembled from npm in widgets/lab-host");
    // Found, not imported (the server imports them a moment later; importing twice costs ~2 s).
    const py = spawnSync(
      SYSTEM_PYTHON,
      [
        "-c",
        "import importlib.util as u, sys; missing = [m for m in ('jupyter_server', 'jupyterlab_server') " +
          "if u.find_spec(m) is None]; sys.exit('missing: ' + ', '.join(missing) if missing else 0)",
      ],
      { encoding: "utf8" },
    );
    if (py.status !== 0)
      throw new Error(
        `${SYSTEM_PYTHON} lacks jupyter_server / jupyterlab_server (Debian: apt install python3-jupyter-server ` +
          `python3-jupyterlab-server, or run ./install.sh):\n${py.stderr ?? py.error}`,
      );
    run(
      process.execPath,
      [
        join(LAB_HOST, "scripts", "ensure-built.mjs"),
        ...(opts.flags.has("production") ? ["--production"] : []),
      ],
      "preparing widgets/lab-host",
    );
    const hostArgs = [join(LAB_HOST, "lab_host.py"), ...serverArgs, `--LabHostApp.runtime_dir=${runtimeDir}`];
    if (opts.flags.has("expose-app")) hostArgs.push("--LabHostApp.expose_app_in_browser=True");
    const build = JSON.parse(readFileSync(join(LAB_HOST, "dist", "build.json"), "utf8"));
    label = `JupyterLab ${build.jupyterlab} (widgets/lab-host)`;
    // Its own process group: Ctrl-C reaches this script, which stops the server cleanly (SIGTERM).
    child = spawn(SYSTEM_PYTHON, hostArgs, { env, stdio: ["ignore", "inherit", "inherit"], detached: true });
  }

  let stopping = false;
  const stop = (signal) => {
    if (stopping) return;
    stopping = true;
    say(`${signal}: stopping the server and its kernels ...`);
    if (child.exitCode === null) child.kill("SIGTERM");
    setTimeout(() => {
      if (child.exitCode === null) child.kill("SIGKILL");
    }, 15_000).unref();
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  const exited = new Promise((res) => child.on("exit", (code, signal) => res(code ?? (signal ? 1 : 0))));

  const base = `http://127.0.0.1:${port}`;
  try {
    await Promise.all([waitForServer(base, token, child), jupyterData.done]);
  } catch (e) {
    stop("error");
    await exited;
    throw e;
  }
  console.log(`\n[start-lab] ${label} is running on ${notebookDir}`);
  console.log(`[start-lab] open: ${base}/lab?token=${token}\n`);
  process.exitCode = await exited;
}

main().catch((e) => {
  console.error(`[start-lab] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
