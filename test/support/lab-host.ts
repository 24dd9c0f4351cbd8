// The JupyterLab host of `npm start` (scripts/start-lab.mjs --lab-host) for browser tests: started on a
// private copy of some notebooks with private Jupyter dirs, driven through its REST API, stopped with
// everything it started.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./browser";
import { REPO_ROOT, freePort } from "./kernel-client";

const START_LAB = join(REPO_ROOT, "scripts", "start-lab.mjs");

export interface LabHost {
  baseUrl: string;
  token: string;
  /** The folder the server serves (copies of the notebooks). */
  notebookDir: string;
  /** The server's output so far. */
  output(): string;
  /** A REST call with the token (and a JSON body); JSON back (null for 204). */
  api(path: string, method?: string, body?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

/** Resolves with the URL start-lab prints once the server answers. */
function waitForUrl(child: ChildProcess, log: { text: string }, timeoutMs: number): Promise<string> {
  return new Promise((res, rej) => {
    const timer = setTimeout(
      () => rej(new Error(`start-lab printed no URL in ${timeoutMs / 1000} s:\n${log.text.slice(-4000)}`)),
      timeoutMs,
    );
    const onData = (d: Buffer): void => {
      log.text += d.toString();
      for (const line of d.toString().split("\n"))
        if (/^\[(start-lab|lab-host)\]/.test(line)) console.log(`# ${line}`);
      const m = /open: (http:\/\/\S+)/.exec(log.text);
      if (m) {
        clearTimeout(timer);
        res(m[1] as string);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      rej(new Error(`start-lab exited (${code}) before the server was up:\n${log.text.slice(-4000)}`));
    });
  });
}

/** The processes started under `dir` (server, kernels): their command lines name it. */
export function processesUnder(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(dir)) pids.push(Number(entry));
    } catch {
      // gone
    }
  }
  return pids;
}

/**
 * Starts the lab host on copies of `notebooks`. `extraArgs` go to start-lab (e.g. `--expose-app`); `env`
 * adds to a private environment (Jupyter config, data and runtime dirs under a temporary dir).
 */
export async function startLabHost(
  notebooks: readonly string[],
  options: { extraArgs?: string[]; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<LabHost> {
  const tmp = mkdtempSync(join(tmpdir(), "tslab-ml-lab-"));
  const notebookDir = join(tmp, "notebooks");
  mkdirSync(notebookDir);
  for (const nb of notebooks) copyFileSync(nb, join(notebookDir, basename(nb)));
  const token = randomBytes(16).toString("hex");
  const port = await freePort();
  const log = { text: "" };
  const child = spawn(
    process.execPath,
    [
      START_LAB,
      "--lab-host",
      `--port=${port}`,
      `--token=${token}`,
      `--notebook-dir=${notebookDir}`,
      `--runtime-dir=${join(tmp, "runtime")}`,
      ...(options.extraArgs ?? []),
    ],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        JUPYTER_CONFIG_DIR: join(tmp, "jupyter-config"),
        JUPYTER_DATA_DIR: join(tmp, "jupyter-data"),
        JUPYTER_RUNTIME_DIR: join(tmp, "jupyter-runtime"),
        ...options.env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let baseUrl = "";
  const api = async (path: string, method = "GET", body?: unknown): Promise<unknown> => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `token ${token}`, "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
    return res.status === 204 ? null : res.json();
  };
  const stop = async (): Promise<void> => {
    if (baseUrl) {
      const kernels = (await api("/api/kernels").catch(() => [])) as { id: string }[];
      for (const k of kernels) await api(`/api/kernels/${k.id}`, "DELETE").catch(() => undefined);
    }
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 20_000))]);
    }
    for (const pid of processesUnder(tmp)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    rmSync(tmp, { recursive: true, force: true });
  };
  try {
    baseUrl = new URL(await waitForUrl(child, log, options.timeoutMs ?? 15 * 60_000)).origin;
  } catch (e) {
    await stop();
    throw e;
  }
  return { baseUrl, token, notebookDir, output: () => log.text, api, stop };
}

/** A lab host with Chromium on it: what every JupyterLab browser test starts with. */
export interface LabSession {
  lab: LabHost;
  browser: Browser;
  page: Page;
  /** Uncaught errors in the page, and console errors (with their source), as they come. */
  pageErrors: string[];
  consoleErrors: string[];
  /** Closes the browser, then the lab host and whatever it started. */
  stop(): Promise<void>;
}

/** Starts the lab host on copies of `notebooks` (the app exposed to the page) and a 1280×900 page. */
export async function startLabSession(notebooks: readonly string[]): Promise<LabSession> {
  const lab = await startLabHost(notebooks, { extraArgs: ["--expose-app"] });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    const consoleErrors: string[] = [];
    page.on("pageerror", (e) => pageErrors.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(`${m.text()} @ ${m.location().url}`);
    });
    const opened = browser;
    return {
      lab,
      browser,
      page,
      pageErrors,
      consoleErrors,
      stop: async () => {
        await opened.close().catch(() => undefined);
        await lab.stop();
      },
    };
  } catch (e) {
    await browser?.close().catch(() => undefined);
    await lab.stop();
    throw e;
  }
}
