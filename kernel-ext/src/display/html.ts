// One escaper for the kernel and the views (tslab-ml-protocol).
export { escapeHtml } from "tslab-ml-protocol";

export function pngDataUri(png: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(png.buffer, png.byteOffset, png.byteLength).toString("base64")}`;
}
