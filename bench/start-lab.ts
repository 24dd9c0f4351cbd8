// `npm start` on a built checkout (after ./install.sh): seconds from the command to the server answering,
// against Debian's classic `jupyter notebook` server started the same way (the peer: the plainest Jupyter
// front end there is). Also says whether start-lab rebuilt anything (it should reuse install.sh's build).
// Run: node --import tsx bench/start-lab.ts [--runs N]
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { freePort, REPO_ROOT } from "../test/support/kernel-client";
import { processesUnder } from "../test/support/lab-host";
import { median, option } from "./support/options";

interface Run {
  seconds: number;
  rebuilt: boolean;
}

/** Starts `command` (its own process group), polls the server's /api/status (and waits for the URL), stops it all. */
async function timeToReady(
  command: (port: number, token: string, dir: string) => [string, string[]],
  printsUrl: boolean,
): Promise<Run> {
  const tmp = mkdtempSync(join(tmpdir(), "tslab-ml-bench-start-"));
  const port = await freePort();
  const token = `bench${Date.now()}`;
  const [cmd, args] = command(port, token, tmp);
  const start = performance.now();
  const child = spawn(cmd, args, {
    cwd: REPO_ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      JUPYTER_CONFIG_DIR: join(tmp, "config"),
      JUPYTER_DATA_DIR: join(tmp, "data"),
      JUPYTER_RUNTIME_DIR: join(tmp, "runtime"),
    },
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr?.on("data", (d: Buffer) => (output += d.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${cmd} exited (${child.exitCode}):\n${output}`);
      if (performance.now() - start > 300_000) throw new Error(`${cmd}: no answer in 300 s:\n${output}`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/status`, {
        headers: { Authorization: `token ${token}` },
      }).then(
        (r) => r.ok,
        () => false,
      );
      // start-lab prints the URL once the kernelspec is in place too: that is when a user can start.
      if (ok && (!printsUrl || /open: http/.test(output))) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    return { seconds: (performance.now() - start) / 1000, rebuilt: /building|npm ci/.test(output) };
  } finally {
    if (child.pid) process.kill(-child.pid, "SIGTERM");
    await new Promise((r) => setTimeout(r, 1500));
    for (const pid of processesUnder(tmp))
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // gone
      }
    rmSync(tmp, { recursive: true, force: true });
  }
}

const npmStart = (port: number, token: string, dir: string): [string, string[]] => [
  "npm",
  [
    "start",
    "--silent",
    "--",
    `--port=${port}`,
    `--token=${token}`,
    `--notebook-dir=${join(REPO_ROOT, "notebooks")}`,
    `--runtime-dir=${join(dir, "lab-runtime")}`,
  ],
];

const classicNotebook = (port: number, token: string): [string, string[]] => [
  "/usr/bin/python3",
  [
    "-m",
    "notebook",
    "--no-browser",
    "--ip=127.0.0.1",
    `--port=${port}`,
    `--NotebookApp.token=${token}`,
    `--notebook-dir=${join(REPO_ROOT, "notebooks")}`,
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
  ],
];

async function main(): Promise<void> {
  const runs = option("runs", 3);
  const ours: Run[] = [];
  const peer: Run[] = [];
  for (let r = 0; r < runs; r++) {
    // Alternate the order so neither gets the warmer machine every time.
    if (r % 2 === 0) {
      ours.push(await timeToReady(npmStart, true));
      peer.push(await timeToReady(classicNotebook, false));
    } else {
      peer.push(await timeToReady(classicNotebook, false));
      ours.push(await timeToReady(npmStart, true));
    }
  }
  const a = median(ours.map((x) => x.seconds));
  const b = median(peer.map((x) => x.seconds));
  console.log(
    `command → server answering /api/status (median of ${runs} runs; target for npm start: < 15 s)`,
  );
  console.log(`${"jupyter notebook (Debian)".padEnd(28)} ${b.toFixed(1).padStart(6)} s`);
  console.log(
    `${"npm start (JupyterLab 4.6)".padEnd(28)} ${a.toFixed(1).padStart(6)} s` +
      (ours.some((x) => x.rebuilt) ? "  (rebuilt something: install.sh's build was not reused)" : ""),
  );
  console.log(`${"ratio".padEnd(28)} ${(a / b).toFixed(2).padStart(6)}×`);
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
