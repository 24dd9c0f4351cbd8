import { el } from "./dom";

/** A visible error in place of a view: a widget never renders blank. */
export function errorBox(title: string, detail: string): HTMLElement {
  return el(
    "div",
    {
      className: "tslab-ml-error",
      style:
        "border:1px solid #d93025;background:#fce8e6;color:#a50e0e;padding:8px 10px;border-radius:4px;font:13px sans-serif",
    },
    [
      el("strong", { text: title }),
      el("pre", { text: detail, style: "white-space:pre-wrap;margin:4px 0 0;font:12px monospace" }),
    ],
  );
}
