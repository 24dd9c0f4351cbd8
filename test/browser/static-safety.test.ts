import assert from "node:assert/strict";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/browser";
import { executeNotebook, exportHtml, OUTPUT_DIR } from "../support/notebook-runner";

const outDir = join(OUTPUT_DIR, "browser");
const executed = join(outDir, "hostile-names.executed.ipynb");
let browser: Browser;

async function open(html: string): Promise<{ page: Page; dialogs: string[] }> {
  const page = await browser.newPage();
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(`file://${html}`);
  await page.waitForSelector("body[data-tslab-ml-rendered]", { timeout: 20000 });
  return { page, dialogs };
}

before(async () => {
  mkdirSync(outDir, { recursive: true });
  executeNotebook(join(__dirname, "fixtures-static", "hostile-names.ipynb"), executed);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

test("hostile class names render as text in the live view, the fallback and the page; no script runs", async () => {
  const html = join(outDir, "hostile-names.html");
  exportHtml(executed, html);
  const { page, dialogs } = await open(html);
  assert.equal(
    await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
    undefined,
    "no injected code ran",
  );
  assert.deepEqual(dialogs, []);
  const captions = await page.$$eval(".tslab-ml-live figcaption", (els) => els.map((e) => e.textContent));
  assert.deepEqual(captions, [
    '<img src=x onerror="window.__pwned=2">',
    "</script><script>window.__pwned=3</script>",
  ]);
  assert.equal(await page.locator(".tslab-ml-live img[src='x']").count(), 0);
  // A caption longer than its thumbnail wraps to a second line before it is cut (one line hid the half
  // that matters, e.g. the predicted class of "Sandal → Ankle boot").
  const lines = await page.$$eval(".tslab-ml-live figcaption", (els) =>
    els.map((e) => e.getBoundingClientRect().height / (1.25 * parseFloat(getComputedStyle(e).fontSize))),
  );
  assert.deepEqual(
    lines.map((n) => Math.round(n)),
    [2, 2],
    `caption heights in lines: ${lines.join(", ")}`,
  );
  assert.equal(
    await page.getAttribute("body", "data-tslab-ml-rendered"),
    "1",
    "the widget rendered: the state script was not broken",
  );
  await page.close();
});

function withState(mutate: (state: Record<string, unknown>) => void, name: string): string {
  const nb = JSON.parse(readFileSync(executed, "utf8"));
  const models = nb.metadata.widgets["application/vnd.jupyter.widget-state+json"].state as Record<
    string,
    { state: Record<string, unknown> }
  >;
  for (const model of Object.values(models)) mutate(model.state);
  const path = join(outDir, `${name}.ipynb`);
  writeFileSync(path, JSON.stringify(nb));
  const html = join(outDir, `${name}.html`);
  exportHtml(path, html);
  return html;
}

test("a state that fails validation renders a visible error box, not a blank", async () => {
  const html = withState((s) => {
    s.captions = 42;
  }, "invalid-state");
  const { page } = await open(html);
  const box = page.locator(".tslab-ml-live .tslab-ml-error");
  assert.equal(await box.count(), 1);
  assert.match((await box.textContent()) ?? "", /"captions" should be string\[\], got number/);
  await page.close();
});

test("a kernel of another version is named beside the frontend's version", async () => {
  const html = withState((s) => {
    s._tslab_ml_version = "0.1.99";
  }, "version-drift");
  const { page } = await open(html);
  assert.match(
    (await page.locator(".tslab-ml-live .tslab-ml-error").textContent()) ?? "",
    /kernel tslab-ml 0\.1\.99, frontend tslab-ml-widgets 0\.1\.0/,
  );
  await page.close();

  const incompatible = withState((s) => {
    s._model_module_version = "^7.0.0";
    s._view_module_version = "^7.0.0";
  }, "version-incompatible");
  const second = await open(incompatible);
  const text = (await second.page.locator(".tslab-ml-error").allTextContents()).join("\n");
  assert.match(text, /needs tslab-ml-widgets \^7\.0\.0, this page bundles 0\.1\.0/);
  await second.page.close();
});
