import assert from "node:assert/strict";
import { test } from "node:test";
import { sanitizeNotebookHtml } from "../../src/html/sanitize";

// The browser test (test/browser/static-hostile-notebook.test.ts) shows no script runs in an exported page;
// these check the sanitiser's two promises directly: nothing active survives, and the kernel's own output
// markup (inline styles, tables, data: pictures, SVG charts) survives untouched.

const styles = (html: string): string[] =>
  Array.from(html.matchAll(/style="([^"]*)"/g), (m) => m[1] as string);

test("the kernel's own output markup keeps every inline style, table attribute, picture and chart", () => {
  const own =
    `<div style="font:bold 13px sans-serif;margin:4px 0">2 of ImageDataset</div>` +
    `<div style="display:grid;grid-template-columns:repeat(2,84px);gap:6px"><figure style="margin:0;text-align:center">` +
    `<img width="84" height="84" style="image-rendering:pixelated;object-fit:contain;border:1px solid #ddd" alt="image 0" src="data:image/png;base64,iVBORw0KGgo=" />` +
    `<figcaption style="font:11px sans-serif;color:#333;max-width:84px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap">cat</figcaption>` +
    `<figcaption style="font:11px/1.25 sans-serif;overflow:hidden;overflow-wrap:anywhere;display:-webkit-box;-webkit-box-orient:vertical;-webkit-line-clamp:2">a caption on two lines</figcaption></figure></div>` +
    `<table style="border-collapse:collapse;margin:6px 0"><thead><tr><th style="padding:2px 6px;text-align:left" colspan="2">layer</th></tr></thead>` +
    `<tbody><tr><td style="background:#fdecea;color:#8a1c12;padding:2px 6px">1.2e-3</td></tr></tbody></table>` +
    `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="160" style="background:#fff;border:1px solid #eee">` +
    `<polyline points="0,0 10,10" fill="none" stroke="#1f77b4" stroke-width="1.5"></polyline>` +
    `<text x="4" y="12" font-size="10" fill="#555" text-anchor="start">loss</text></svg>`;
  const clean = sanitizeNotebookHtml(own);
  assert.deepEqual(styles(clean), styles(own));
  for (const kept of [
    'colspan="2"',
    'src="data:image/png;base64,iVBORw0KGgo="',
    'points="0,0 10,10"',
    "text-anchor",
  ])
    assert.ok(clean.includes(kept), kept);
});

test("nothing active survives: scripts, handlers, script URLs, frames, forms, loading CSS", () => {
  const hostile = [
    `<script>alert(1)</script>`,
    `<img src=x onerror=alert(1)>`,
    `<a href="javascript:alert(1)">a</a>`,
    `<a href="&#106;avascript:alert(1)">b</a>`,
    `<a href="vbscript:msgbox(1)">c</a>`,
    `<a href="data:text/html,<script>alert(1)</script>">d</a>`,
    `<img src="data:text/html;base64,PHNjcmlwdD4=">`,
    `<svg onload=alert(1)><a href="javascript:alert(1)"><text>e</text></a></svg>`,
    `<iframe srcdoc="<script>alert(1)</script>"></iframe>`,
    `<form action="javascript:alert(1)"><button formaction="javascript:alert(1)">f</button></form>`,
    `<p style="background:url(javascript:alert(1));position:fixed;top:0">g</p>`,
    `<div id="alert" name="x">h</div>`,
    `<style>body{background:url(x)}</style>`,
  ].join("\n");
  const clean = sanitizeNotebookHtml(hostile);
  assert.doesNotMatch(
    clean,
    /<script|<iframe|<form|<style|\son\w+=|javascript:|vbscript:|data:text|url\(|position|\sid=|\sname=/i,
  );
  for (const text of ["a", "b", "c", "d", "e", "f", "g", "h"])
    assert.match(clean, new RegExp(`(>|\\n)${text}(<|\\n)`), `the text ${text} stays`);
});
