import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
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
