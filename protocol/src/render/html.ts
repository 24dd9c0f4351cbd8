const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Text for HTML content and attribute values: data (class names, paths, captions) never becomes markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

export type AttrValue = string | number | boolean | undefined | null;

/** ` name="value"` pairs, escaped; false, null and undefined leave the attribute out, true writes it bare. */
export function attrs(values: Readonly<Record<string, AttrValue>>): string {
  let out = "";
  for (const [name, value] of Object.entries(values)) {
    if (value === false || value === null || value === undefined) continue;
    out += value === true ? ` ${name}` : ` ${name}="${escapeHtml(String(value))}"`;
  }
  return out;
}

/** One element as HTML: `inner` is markup (escape text with escapeHtml or pass it through `text`). */
export function tag(name: string, attributes: Readonly<Record<string, AttrValue>>, inner = ""): string {
  return `<${name}${attrs(attributes)}>${inner}</${name}>`;
}

/** One element holding text. */
export function text(name: string, attributes: Readonly<Record<string, AttrValue>>, content: string): string {
  return tag(name, attributes, escapeHtml(content));
}
