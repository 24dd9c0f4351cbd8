import { titleHtml } from "tslab-ml-protocol";

/** Tiny DOM helpers: every text from data goes through textContent, never innerHTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { className?: string; text?: string; style?: string; attrs?: Record<string, string> } = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  if (options.style) node.style.cssText = options.style;
  for (const [k, v] of Object.entries(options.attrs ?? {})) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

export type Binary = DataView | ArrayBuffer | Uint8Array;

function bytesOf(data: Binary): Uint8Array {
  return data instanceof ArrayBuffer
    ? new Uint8Array(data)
    : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

const SMALL_IMAGE = 48 * 1024;

/**
 * An <img> src for binary image data: a data URI for thumbnails (creating hundreds of Blobs costs more
 * than encoding them: ~0.6 ms each in Chromium), an object URL for large images. `revoke` is set for
 * object URLs only.
 */
export function imageSource(data: Binary, type: string): { src: string; revoke?: () => void } {
  const bytes = bytesOf(data);
  if (bytes.byteLength > SMALL_IMAGE) {
    const url = binaryToBlobUrl(bytes, type);
    return { src: url, revoke: () => URL.revokeObjectURL(url) };
  }
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { src: `data:${type};base64,${btoa(binary)}` };
}

export function binaryToBlobUrl(data: Binary, type: string): string {
  const bytes =
    data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return URL.createObjectURL(new Blob([bytes.slice()], { type }));
}

/**
 * One element from markup of tslab-ml-protocol's shared renderers (which escape every text), so the live
 * view and the static fallback draw a title, a list or a caption the same way.
 */
export function fromHtml(html: string): HTMLElement {
  const template = document.createElement("template");
  template.innerHTML = html;
  return (template.content.firstElementChild as HTMLElement | null) ?? document.createElement("div");
}

/** A widget's title line, drawn as the static fallback draws it. */
export function titleElement(title: string): HTMLElement {
  return fromHtml(titleHtml(title));
}
