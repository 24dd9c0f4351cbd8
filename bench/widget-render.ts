// A 256-image batch of 28×28 from cell start to a rendered widget, measured in two real halves in one run:
// the kernel (execute_request → the widget's comm_open and display on iopub, over ZeroMQ) and Chromium
// (the same state rendered by the widget bundle until every thumbnail is decoded).
// Run: node --import tsx bench/widget-render.ts
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "../test/support/browser";
import { KernelClient, REPO_ROOT } from "../test/support/kernel-client";

const CODE = "showBatch(tf.randomUniform([256, 28, 28, 1]), { n: 256, cols: 16 })";

async function main(): Promise<void> {
  const kernel = await KernelClient.start();
  await kernel.ready();
  await kernel.execute(CODE); // warm-up: TypeScript and the kernels of the ops
  const kernelMs: number[] = [];
  let state: { content: Record<string, unknown>; buffers: Buffer[] } | undefined;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const { outputs } = await kernel.execute(CODE);
    kernelMs.push(performance.now() - t);
    const open = outputs.find((m) => m.header.msg_type === "comm_open")!;
    state = { content: open.content as Record<string, unknown>, buffers: open.buffers };
  }
  await kernel.stop();

  const data = state!.content.data as { state: Record<string, unknown>; buffer_paths: (string | number)[][] };
  const modelId = String(state!.content.comm_id);
  const widgetState = {
    version_major: 2,
    version_minor: 0,
    state: {
      [modelId]: {
        model_name: data.state._model_name,
        model_module: data.state._model_module,
        model_module_version: data.state._model_module_version,
        state: data.state,
        buffers: data.buffer_paths.map((path, i) => ({
          path,
          encoding: "base64",
          data: state!.buffers[i]!.toString("base64"),
        })),
      },
    },
  };
  const bundle = readFileSync(join(REPO_ROOT, "widgets", "dist-embed", "tslab-ml-widgets.embed.js"), "utf8");
  // The bundle is loaded once per page, as a JupyterLab extension is; what a cell costs is the state arriving
  // and the view rendering, timed from inserting the widget's tags to all 256 thumbnails decoded.
  const pagePath = join(REPO_ROOT, "test-output", "bench-widget-render.html");
  mkdirSync(join(REPO_ROOT, "test-output"), { recursive: true });
  writeFileSync(
    pagePath,
    `<!DOCTYPE html><html><body><script>${bundle.replace(/<\/(script)/gi, "<\\/$1")}</script></body></html>`,
  );
  const browser = await launchChromium();
  const browserMs: number[] = [];
  const stateJson = JSON.stringify(widgetState).replace(/</g, "\\u003c");
  const view = JSON.stringify({ model_id: modelId, version_major: 2, version_minor: 1 });
  if (process.env.BENCH_STATE_OUT)
    writeFileSync(process.env.BENCH_STATE_OUT, JSON.stringify({ stateJson, view }));
  for (let i = 0; i < 6; i++) {
    const page = await browser.newPage();
    await page.goto(`file://${pagePath}`);
    const ms = await page.evaluate(
      async ({ stateJson, view }) => {
        const t0 = performance.now();
        const host = document.createElement("div");
        host.innerHTML =
          `<script type="application/vnd.jupyter.widget-state+json">${stateJson}</script>` +
          `<script type="application/vnd.jupyter.widget-view+json">${view}</script>`;
        document.body.append(host);
        await (
          window as unknown as { tslabMlWidgets: { renderPage: (root: ParentNode) => Promise<number> } }
        ).tslabMlWidgets.renderPage(host);
        (window as unknown as { renderedAt: number }).renderedAt = performance.now() - t0;
        const imgs = Array.from(host.querySelectorAll("img")) as HTMLImageElement[];
        await Promise.all(imgs.map((img) => img.decode()));
        if (imgs.length !== 256) throw new Error(`${imgs.length} images rendered`);
        return performance.now() - t0;
      },
      { stateJson, view },
    );
    if (process.env.BENCH_DEBUG)
      console.log(
        `  page ${i}: view ${(await page.evaluate(() => (window as unknown as { renderedAt: number }).renderedAt)).toFixed(0)} ms, decoded ${ms.toFixed(0)} ms`,
      );
    if (i > 0) browserMs.push(ms); // the first page also warms Chromium up
    await page.close();
  }
  await browser.close();
  const median = (v: number[]): number => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] as number;
  const k = median(kernelMs);
  const b = median(browserMs);
  console.log("256 thumbnails of 28×28, median of 5");
  console.log(`  kernel: execute_request → comm_open + display   ${k.toFixed(0).padStart(5)} ms`);
  console.log(
    `  browser: state → view rendered, 256 decoded      ${b.toFixed(0).padStart(5)} ms (bundle already loaded, as in JupyterLab)`,
  );
  console.log(
    `  cell start → rendered widget                     ${(k + b).toFixed(0).padStart(5)} ms   (target < 300 ms)`,
  );
}

void main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
