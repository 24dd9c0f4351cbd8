// Kernel start-up and per-cell overhead of tslab-ml against plain tslab, measured in the same run.
// Run: node --import tsx bench/kernel-startup.ts [--cells N] [--runs N]
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { KernelClient, KERNEL_BIN, REPO_ROOT } from "../test/support/kernel-client";
import { median, option } from "./support/options";

const TSLAB_BIN = join(REPO_ROOT, "node_modules", "tslab", "bin", "tslab");

interface Figures {
  startToFirstReplyMs: number;
  perCellMs: number;
}

async function measure(argv: (file: string) => string[], cells: number): Promise<Figures> {
  const start = performance.now();
  const kernel = await KernelClient.start({ argv });
  // The first execute_reply: sockets bound, TypeScript warmed up, (for tslab-ml) backend and prelude ready.
  await kernel.ready();
  await kernel.execute("1 + 1");
  const startToFirstReplyMs = performance.now() - start;
  await kernel.execute("2 + 2");
  const t0 = performance.now();
  for (let i = 0; i < cells; i++) await kernel.execute(`const v${i} = ${i} * 2; v${i}`);
  const perCellMs = (performance.now() - t0) / cells;
  await kernel.stop();
  return { startToFirstReplyMs, perCellMs };
}

async function main(): Promise<void> {
  const cells = option("cells", 20);
  const runs = option("runs", 3);
  const results: Record<string, Figures[]> = { tslab: [], "tslab-ml": [] };
  for (let r = 0; r < runs; r++) {
    // Alternate the order so neither kernel always gets the warmer machine.
    const order = r % 2 === 0 ? ["tslab", "tslab-ml"] : ["tslab-ml", "tslab"];
    for (const name of order) {
      const argv =
        name === "tslab"
          ? (f: string) => [TSLAB_BIN, "kernel", "--config-path", f]
          : (f: string) => [KERNEL_BIN, "kernel", "--config-path", f];
      results[name]!.push(await measure(argv, cells));
    }
  }
  const summary = Object.fromEntries(
    Object.entries(results).map(([name, figures]) => [
      name,
      {
        start: median(figures.map((f) => f.startToFirstReplyMs)),
        cell: median(figures.map((f) => f.perCellMs)),
      },
    ]),
  ) as Record<string, { start: number; cell: number }>;
  const a = summary["tslab-ml"]!;
  const b = summary.tslab!;
  console.log(
    `kernel start → first execute_reply, and per-cell round trip (median of ${runs} runs, ${cells} cells each)`,
  );
  console.log(`${"".padEnd(10)} ${"start (ms)".padStart(12)} ${"per cell (ms)".padStart(14)}`);
  console.log(`${"tslab".padEnd(10)} ${b.start.toFixed(0).padStart(12)} ${b.cell.toFixed(1).padStart(14)}`);
  console.log(
    `${"tslab-ml".padEnd(10)} ${a.start.toFixed(0).padStart(12)} ${a.cell.toFixed(1).padStart(14)}`,
  );
  console.log(
    `${"ratio".padEnd(10)} ${(a.start / b.start).toFixed(2).padStart(11)}× ${(a.cell / b.cell).toFixed(2).padStart(13)}×`,
  );
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
