import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/browser";
import { exportHtml, OUTPUT_DIR } from "../support/notebook-runner";

// A notebook file as an attacker would send it: every place a page takes text from carries script, in
// the forms browsers run (tags, event handlers, javascript:/vbscript:/data: URLs, entity-obfuscated
// schemes, attribute break-outs). Each payload, if it ran, sets window.__pwned or opens a dialog.
const PIXEL = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNgAAAAAgABc3UBGAAAAABJRU5ErkJggg==";
const HOSTILE_MARKDOWN = [
  "# Results",
  "[js link](javascript:window.__pwned='md-js') [vb link](vbscript:msgbox(1))",
  "[data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [safe link](https://example.org/)",
  "<a href=\"jav&#x09;ascript:window.__pwned='entity'\">entity link</a> <a href=' JaVaScRiPt:window.__pwned=1'>case link</a>",
  "![pixel](data:image/png;base64," + PIXEL + ")",
  "",
  "<img src=x onerror=\"window.__pwned='md-img'\"> <script>window.__pwned='md-script'</script>",
  "<svg onload=\"window.__pwned='md-svg'\"><a href=\"javascript:window.__pwned='svg-a'\"><text>svg link</text></a></svg>",
  "<iframe srcdoc=\"<script>parent.__pwned='iframe'</script>\"></iframe>",
  "<details open ontoggle=\"window.__pwned='toggle'\"><summary>more</summary>x</details>",
  "<form action=\"javascript:window.__pwned='form'\"><button>send</button></form>",
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned=\'meta\'">',
  "<object data=\"data:text/html,<script>parent.__pwned='object'</script>\"></object>",
  "<b>kept bold</b> <p style=\"color:red;background:url(javascript:window.__pwned='css')\">styled</p>",
].join("\n");

function hostileNotebook(): object {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { title: "</title><script>window.__pwned='title'</script>" },
    cells: [
      { cell_type: "markdown", metadata: {}, source: HOSTILE_MARKDOWN },
      { cell_type: "raw", metadata: {}, source: "<script>window.__pwned='raw'</script>" },
      {
        cell_type: "code",
        metadata: {},
        execution_count: "<img src=x onerror=\"window.__pwned='count'\">",
        source: "<script>window.__pwned='source'</script>",
        outputs: [
          {
            output_type: "display_data",
            metadata: {},
            data: {
              "text/html": [
                "<script>window.__pwned='output-script'</script>",
                "<img src=x onerror=\"window.__pwned='output-img'\">",
                "<a href=\"javascript:window.__pwned='output-link'\">output link</a>",
                "<embed src=\"data:text/html,<script>parent.__pwned='embed'</script>\">",
                '<table><tr><td style="padding:2px">kept cell</td></tr></table>',
              ],
            },
          },
          {
            output_type: "display_data",
            metadata: {},
            data: { "image/png": "x\" onerror=\"window.__pwned='png'" },
          },
          {
            output_type: "execute_result",
            execution_count: 1,
            metadata: {},
            data: { "application/javascript": "window.__pwned='js-output'", "text/plain": "plain" },
          },
          {
            output_type: "error",
            ename: "<script>window.__pwned='ename'</script>",
            evalue: "",
            traceback: ["<img src=x onerror=\"window.__pwned='traceback'\">"],
          },
        ],
      },
    ],
  };
}

const outDir = join(OUTPUT_DIR, "browser");
let browser: Browser;
let html: string;

before(async () => {
  mkdirSync(outDir, { recursive: true });
  const notebook = join(outDir, "hostile-notebook.ipynb");
  writeFileSync(notebook, JSON.stringify(hostileNotebook()));
  html = exportHtml(notebook, join(outDir, "hostile-notebook.html"));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

test("a hostile notebook's page runs no script on load or on click; safe content stays", async () => {
  const page = await browser.newPage();
  const dialogs: string[] = [];
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  // Nothing may leave the page (a navigation to a kept https link is stopped, not followed).
  await page.route(/^(?!file:)/, (route) => route.abort("aborted"));
  await page.goto(`file://${html}`, { waitUntil: "load" });
  const pwned = (): Promise<unknown> =>
    page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned);
  assert.equal(await pwned(), undefined, "no script ran on load");

  // Click everything clickable the notebook put in the page (links, summaries, buttons, images, svg).
  const clickable = page.locator(".cell a, .cell summary, .cell button, .cell img, .cell svg, .cell input");
  const count = await clickable.count();
  assert.ok(count >= 6, `found ${count} clickable elements`);
  for (let i = 0; i < count; i++) {
    await clickable
      .nth(i)
      .click({ timeout: 2000, noWaitAfter: true })
      .catch(() => undefined);
    assert.equal(await pwned(), undefined, `no script ran after clicking element ${i}`);
  }
  assert.equal(page.url(), `file://${html}`, "no click navigated away");
  assert.deepEqual(dialogs, []);

  // What is left in the DOM: no handler, no script URL, no script, frame or plugin element from the notebook.
  const findings = await page.evaluate(() => {
    const bad: string[] = [];
    for (const el of Array.from(document.querySelectorAll("body *"))) {
      if (["SCRIPT", "IFRAME", "OBJECT", "EMBED", "FORM", "META"].includes(el.tagName)) bad.push(el.tagName);
      for (const attr of Array.from(el.attributes)) {
        if (/^on/i.test(attr.name)) bad.push(`${el.tagName} ${attr.name}`);
        if (/^\s*(javascript|vbscript):/i.test(attr.value))
          bad.push(`${el.tagName} ${attr.name}=${attr.value}`);
        if (/^(href|action|formaction|data)$/i.test(attr.name) && /^\s*data:/i.test(attr.value))
          bad.push(`${el.tagName} ${attr.name}=data:`);
      }
    }
    return bad;
  });
  assert.deepEqual(findings, []);
  assert.equal(await page.title(), "</title><script>window.__pwned='title'</script>", "the title is text");

  // Safe content survives sanitising: the https link, the data: picture, formatting, tables, the source as text.
  assert.equal(await page.locator('a[href="https://example.org/"]').count(), 1);
  assert.equal(await page.locator('img[src^="data:image/png;base64,iVBOR"]').count(), 1);
  assert.equal(await page.locator("b", { hasText: "kept bold" }).count(), 1);
  assert.equal(await page.locator("td", { hasText: "kept cell" }).count(), 1);
  assert.equal(await page.locator("p", { hasText: "styled" }).getAttribute("style"), "color:red");
  assert.match((await page.locator("pre.source").textContent()) ?? "", /<script>window.__pwned='source'/);
  await page.close();
});
