#!/usr/bin/env node
// Makes sure the JupyterLab front end of widgets/lab-host is installed and built, doing only what
// changed since the last run:
//   npm ci        when package.json / package-lock.json changed (stamp: node_modules/.lab-host-install)
//   build.mjs     when the install, the build script, src/ or the mode changed (stamp: dist/.lab-host-build)
// Usage: node widgets/lab-host/scripts/ensure-built.mjs [--production] [--force] [--quiet]
// Concurrent runs (two test processes, `npm start` beside a test) wait for each other through a lock.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

const HOST = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = new Set(process.argv.slice(2));
const production = args.has("--production");
const force = args.has("--force");
const quiet = args.has("--quiet");
const INSTALL_STAMP = join(HOST, "node_modules", ".lab-host-install");
const BUILD_STAMP = join(HOST, "dist", ".lab-host-build");
const LOCK = join(HOST, ".ensure-built.lock");

const say = (msg) => {
  if (!quiet) console.log(`[lab-host] ${msg}`);
};

function hashFiles(files, extra = "") {
  const hash = createHash("sha256");
  hash.update(`${process.version}\n${extra}\n`);
  for (const file of files) {
    hash.update(`${file}\n`);
    hash.update(readFileSync(join(HOST, file)));
  }
  return hash.digest("hex");
}

function listFiles(dir) {
  return readdirSync(join(HOST, dir), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

const readStamp = (file) => (existsSync(file) ? readFileSync(file, "utf8").trim() : "");

function run(cmd, argv, what) {
  const started = Date.now();
  const r = spawnSync(cmd, argv, { cwd: HOST, stdio: quiet ? "pipe" : "inherit", encoding: "utf8" });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    if (quiet) process.stderr.write(`${r.stdout ?? ""}${r.stderr ?? ""}`);
    throw new Error(`${what} failed (exit ${r.status})`);
  }
  return (Date.now() - started) / 1000;
}

// A directory as a lock (mkdir is atomic), holding the owner's pid: a lock whose owner is gone, or older
// than 20 minutes, is from a run that died.
function lockIsStale() {
  try {
    if (Date.now() - statSync(LOCK).mtimeMs > 20 * 60_000) return true;
    const pid = Number(readFileSync(join(LOCK, "pid"), "utf8"));
    if (!pid) return false; // being written
    process.kill(pid, 0);
    return false;
  } catch (e) {
    return e.code === "ESRCH";
  }
}

async function withLock(fn) {
  const deadline = Date.now() + 20 * 60_000;
  for (let waited = false; ;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, "pid"), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      if (lockIsStale()) {
        rmSync(LOCK, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`${LOCK} is held for too long; remove it if no build runs`);
      if (!waited) say("another install/build of the lab host is running: waiting for it");
      waited = true;
      await sleep(1000);
    }
  }
  const release = () => rmSync(LOCK, { recursive: true, force: true });
  process.once("SIGINT", () => {
    release();
    process.exit(130);
  });
  try {
    return await fn();
  } finally {
    release();
  }
}

async function main() {
  const started = Date.now();
  await withLock(async () => {
    const installHash = hashFiles(["package.json", "package-lock.json"]);
    if (
      force ||
      readStamp(INSTALL_STAMP) !== installHash ||
      !existsSync(join(HOST, "node_modules", "@rspack", "core"))
    ) {
      say("installing the JupyterLab 4.6 packages (npm ci, about a minute with a warm npm cache) ...");
      const seconds = run(
        "npm",
        ["ci", "--no-audit", "--no-fund", "--loglevel=error", "--workspaces=false"],
        "npm ci in widgets/lab-host",
      );
      writeFileSync(INSTALL_STAMP, `${installHash}\n`);
      say(`npm ci done in ${seconds.toFixed(0)} s`);
    }
    const buildHash = hashFiles(
      ["package-lock.json", "scripts/build.mjs", ...listFiles("src")],
      `${installHash} production=${production}`,
    );
    if (
      force ||
      readStamp(BUILD_STAMP) !== buildHash ||
      !existsSync(join(HOST, "dist", "static", "bundle.js"))
    ) {
      say(`building the front end with rspack (${production ? "production" : "development"}) ...`);
      const seconds = run(
        process.execPath,
        [join(HOST, "scripts", "build.mjs"), ...(production ? ["--production"] : [])],
        "the lab host build",
      );
      writeFileSync(BUILD_STAMP, `${buildHash}\n`);
      say(`build done in ${seconds.toFixed(0)} s`);
    } else {
      const info = JSON.parse(readFileSync(join(HOST, "dist", "build.json"), "utf8"));
      say(`up to date (JupyterLab ${info.jupyterlab}, ${info.extensions.length} extensions)`);
    }
  });
  if ((Date.now() - started) / 1000 > 5) say(`ready in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((e) => {
  console.error(`[lab-host] ${e instanceof Error ? e.message : e}`);
  process.exit(1);
});
