// Every widget of the example notebooks fits an output area of 700, 970 and 1,400 px: the notebooks (with
// their saved widget state) are exported with `tslab-ml html`, each page is opened in Chromium with its
// output area set to the width, and every live view is measured: no element of a view reaches past the
// output area (elements inside an intentional overflow-x:auto/scroll scroller are the scroller's business,
// the scroller itself must fit), and no chart text (tick labels, legend entries, titles) is cut off by its
// chart, and no legend entry covers an axis's tick labels or title. Screenshots go to test-output/browser/fit/.
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/browser";
import { REPO_ROOT } from "../support/kernel-client";
import { exportHtml, OUTPUT_DIR } from "../support/notebook-runner";

const WIDTHS = [700, 970, 1400] as const;
const outDir = join(OUTPUT_DIR, "browser", "fit");
const NOTEBOOKS = join(REPO_ROOT, "notebooks");

interface ViewFit {
  widget: string;
  /** How far (px) the widest element reaches past the output area; 0 when it fits. */
  overflow: number;
  /** The elements that reach past, described briefly. */
  offenders: string[];
  /** Chart texts cut off by their chart's box. */
  clippedText: string[];
  /** Legend entries drawn over an axis's tick labels or title. */
  coveredText: string[];
}

let browser: Browser;
const pages = new Map<string, string>();

/** The notebooks that hold saved widget state, exported once. */
function exportNotebooks(): Map<string, string> {
  mkdirSync(outDir, { recursive: true });
  const exported = new Map<string, string>();
  for (const file of readdirSync(NOTEBOOKS)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()) {
    const nb = JSON.parse(readFileSync(join(NOTEBOOKS, file), "utf8")) as {
      metadata?: { widgets?: Record<string, { state?: Record<string, unknown> }> };
    };
    const state = nb.metadata?.widgets?.["application/vnd.jupyter.widget-state+json"]?.state ?? {};
    if (Object.keys(state).length === 0) continue;
    const name = file.replace(/\.ipynb$/, "");
    exported.set(name, exportHtml(join(NOTEBOOKS, file), join(outDir, `${name}.html`)));
  }
  return exported;
}

/** Sets the output area (the page body, margins off) to `width` px and the window around it. */
async function setWidth(page: Page, width: number): Promise<void> {
  await page.setViewportSize({ width: width + 40, height: 900 });
  await page.evaluate((w) => {
    const body = document.body.style;
    body.setProperty("max-width", "none", "important");
    body.setProperty("width", `${w}px`, "important");
    body.setProperty("margin", "0", "important");
    body.setProperty("padding", "0 10px", "important");
  }, width);
  // Plotly draws asynchronously, a ResizeObserver reacts a frame later.
  await page.waitForTimeout(800);
}

/** Measures every live view of the page against its output area (runs in the page). */
function measureViews(): ViewFit[] {
  const describe = (e: Element): string => {
    const cls =
      typeof e.className === "string" && e.className ? `.${e.className.trim().split(/\s+/).join(".")}` : "";
    return `${e.tagName.toLowerCase()}${cls}`.slice(0, 80);
  };
  const scrolls = (e: Element): boolean => /(auto|scroll)/.test(getComputedStyle(e).overflowX);
  return Array.from(document.querySelectorAll<HTMLElement>(".tslab-ml-live")).map((host) => {
    const area = host.getBoundingClientRect();
    const view = host.querySelector(".tslab-ml-widget");
    const widget = view?.firstElementChild ? describe(view.firstElementChild) : "(no view)";
    let overflow = 0;
    const offenders: string[] = [];
    const clippedText: string[] = [];
    const walk = (e: Element): void => {
      const r = e.getBoundingClientRect();
      const style = getComputedStyle(e);
      if (style.display === "none" || style.visibility === "hidden") return;
      if (r.width > 0 || r.height > 0) {
        const past = Math.max(r.right - area.right, area.left - r.left);
        if (past > 1) {
          overflow = Math.max(overflow, past);
          if (offenders.length < 5) offenders.push(`${describe(e)} +${past.toFixed(0)}px`);
        }
      }
      if (e !== view && scrolls(e)) return;
      for (const child of Array.from(e.children)) walk(child);
    };
    if (view) walk(view);
    // Text of a plotly chart must lie inside the chart (labels under the axis, legends at the side).
    for (const plot of Array.from(host.querySelectorAll(".js-plotly-plot .main-svg:first-of-type"))) {
      const box = plot.getBoundingClientRect();
      for (const t of Array.from(plot.querySelectorAll("text"))) {
        const r = t.getBoundingClientRect();
        if (!t.textContent || r.width === 0) continue;
        if (
          r.left < box.left - 1 ||
          r.right > box.right + 1 ||
          r.top < box.top - 1 ||
          r.bottom > box.bottom + 1
        )
          if (clippedText.length < 5) clippedText.push(`"${t.textContent.slice(0, 30)}"`);
      }
    }
    // A legend must not cover the axes' tick labels or titles (a horizontal legend under a short plot can).
    const coveredText: string[] = [];
    for (const plot of Array.from(host.querySelectorAll(".js-plotly-plot"))) {
      const rects = (selector: string): { text: string; r: DOMRect }[] =>
        Array.from(plot.querySelectorAll(selector))
          .map((t) => ({ text: t.textContent ?? "", r: t.getBoundingClientRect() }))
          .filter(({ text, r }) => text !== "" && r.width > 0);
      const axisTexts = rects(".xtick text, .ytick text, .g-xtitle text, .g-ytitle text");
      for (const entry of rects(".legend text")) {
        const hit = axisTexts.find(
          ({ r }) =>
            entry.r.left < r.right - 1 &&
            r.left < entry.r.right - 1 &&
            entry.r.top < r.bottom - 1 &&
            r.top < entry.r.bottom - 1,
        );
        if (hit && coveredText.length < 5)
          coveredText.push(`legend "${entry.text.slice(0, 20)}" over "${hit.text.slice(0, 20)}"`);
      }
    }
    return { widget, overflow, offenders, clippedText, coveredText };
  });
}

before(async () => {
  for (const [name, html] of exportNotebooks()) pages.set(name, html);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
});

const misfits = (fit: ViewFit): boolean =>
  fit.overflow > 0 || fit.clippedText.length > 0 || fit.coveredText.length > 0;

const results = new Map<number, { notebook: string; fit: ViewFit }[]>(WIDTHS.map((w) => [w, []]));

test(
  "the example notebooks render their widgets, measured at 700, 970 and 1,400 px",
  { timeout: 900_000 },
  async () => {
    for (const [name, html] of pages) {
      // Opened at the narrowest width, then widened: the first drawing and the resize path are both measured.
      const page = await browser.newPage({ viewport: { width: WIDTHS[0] + 40, height: 900 } });
      // tsx compiles the page functions with esbuild's keepNames, whose helper the page lacks.
      await page.addInitScript("globalThis.__name = (f) => f;");
      await page.addInitScript(`document.addEventListener("DOMContentLoaded", () => {
      const s = document.body.style; s.setProperty("max-width", "none", "important");
      s.setProperty("width", "${WIDTHS[0]}px", "important"); s.setProperty("margin", "0", "important");
      s.setProperty("padding", "0 10px", "important"); }, { capture: true });`);
      await page.goto(`file://${html}`, { waitUntil: "domcontentloaded", timeout: 180_000 });
      await page.waitForSelector("body[data-tslab-ml-rendered]", { timeout: 180_000 });
      for (const width of WIDTHS) {
        await setWidth(page, width);
        const fits = await page.evaluate(measureViews);
        assert.ok(fits.length > 0, `${name}: no live views`);
        for (const fit of fits) results.get(width)?.push({ notebook: name, fit });
        await page.mouse.move(1, 1);
        await page.screenshot({ path: join(outDir, `${name}-${width}.png`), fullPage: true });
      }
      await page.close();
    }
    const summary = WIDTHS.map((w) => {
      const all = results.get(w) ?? [];
      return `${w} px: ${all.filter(({ fit }) => misfits(fit)).length} of ${all.length}`;
    });
    writeFileSync(
      join(outDir, "summary.txt"),
      `widget views that overflow, clip chart text or cover axis labels with a legend\n${summary.join("\n")}\n`,
    );
    console.log(`# views that overflow, clip chart text or cover axis labels: ${summary.join(", ")}`);
  },
);

for (const width of WIDTHS) {
  test(`every widget of the example notebooks fits a ${width} px output area`, () => {
    const all = results.get(width) ?? [];
    assert.ok(all.length > 0, "nothing measured");
    const bad = all.filter(({ fit }) => misfits(fit));
    assert.deepEqual(
      bad.map(
        ({ notebook, fit }) =>
          `${notebook} ${fit.widget}: ${fit.offenders.join(", ")}` +
          `${fit.clippedText.length ? ` clipped ${fit.clippedText.join(" ")}` : ""}` +
          `${fit.coveredText.length ? ` covered ${fit.coveredText.join(", ")}` : ""}`,
      ),
      [],
    );
  });
}
