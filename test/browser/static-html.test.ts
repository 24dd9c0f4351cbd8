import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/browser";
import { REPO_ROOT } from "../support/kernel-client";
import { executeAndExport, OUTPUT_DIR } from "../support/notebook-runner";

const outDir = join(OUTPUT_DIR, "browser");
let browser: Browser;
let html: string;

before(async () => {
  html = executeAndExport(join(REPO_ROOT, "notebooks", "smoke.ipynb"), "smoke");
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

test("an exported notebook renders its widgets live, offline, with decoded images", async () => {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith("file:") && !r.url().startsWith("data:") && !r.url().startsWith("blob:"))
      requests.push(r.url());
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`file://${html}`);
  await page.waitForSelector("body[data-tslab-ml-rendered]", { timeout: 20000 });
  assert.equal(await page.getAttribute("body", "data-tslab-ml-rendered"), "1");
  const live = page.locator(".tslab-ml-live .tslab-ml-image-batch");
  assert.equal(await live.count(), 1);
  const decoded = await page.$$eval(".tslab-ml-live img", (imgs) =>
    imgs.map((i) => (i as HTMLImageElement).naturalWidth),
  );
  assert.deepEqual(decoded, [16, 16, 16], "three PNG thumbnails decoded at 16 px");
  const captions = await page.$$eval(".tslab-ml-live figcaption", (els) => els.map((e) => e.textContent));
  assert.deepEqual(captions, ["ramp", "reversed", "transposed"]);
  assert.equal(
    await page.locator(".tslab-ml-fallback").first().isHidden(),
    true,
    "the static fallback gives way",
  );
  await page.screenshot({ path: join(outDir, "smoke.png"), fullPage: true });
  assert.deepEqual(requests, [], "no network request");
  assert.deepEqual(errors, []);
  await page.close();
});

test("without scripts the static fallback still shows the images", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`file://${html}`);
  const fallbackImages = await page.$$eval(".tslab-ml-fallback img", (imgs) => imgs.length);
  assert.ok(fallbackImages >= 3);
  await context.close();
});

test("the export is one self-contained file", () => {
  const text = readFileSync(html, "utf8");
  assert.ok(!/<script[^>]+src=/i.test(text), "no external scripts");
  assert.equal(
    (text.match(/<script type="application\/vnd\.jupyter\.widget-state\+json">/g) ?? []).length,
    1,
  );
  assert.ok(statSync(html).size < 10 * 1024 * 1024);
});

test("with --shared-bundle the page references one bundle beside it and still renders", async () => {
  const dir = join(OUTPUT_DIR, "browser", "shared");
  mkdirSync(dir, { recursive: true });
  const page = join(dir, "smoke.html");
  const r = spawnSync(
    process.execPath,
    [
      join(REPO_ROOT, "kernel-ext", "bin", "tslab-ml.js"),
      "html",
      join(OUTPUT_DIR, "browser", "smoke.executed.ipynb"),
      "-o",
      page,
      "--shared-bundle",
    ],
    { encoding: "utf8" },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.ok(statSync(page).size < 200 * 1024, "the page itself is small");
  assert.ok(statSync(join(dir, "tslab-ml-widgets.embed.js")).size > 1024 * 1024);
  const tab = await browser.newPage();
  await tab.goto(`file://${page}`);
  await tab.waitForSelector("body[data-tslab-ml-rendered]", { timeout: 20000 });
  assert.equal(await tab.getAttribute("body", "data-tslab-ml-rendered"), "1");
  await tab.close();
});
