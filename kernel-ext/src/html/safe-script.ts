/**
 * JSON that can sit inside a <script> element: `<`, `>` and `&` are written as \u escapes (still the same
 * JSON), so no string in the data — a class folder named `</script><img onerror=…>` — can close the tag.
 */
export function safeJsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** JavaScript source that can sit inside a <script> element: `</script` is written `<\/script`, same meaning. */
export function safeScriptSource(source: string): string {
  return source.replace(/<\/(script)/gi, "<\\/$1").replace(/<!--/g, "<\\!--");
}

/** CSS that can sit inside a <style> element. */
export function safeStyleSource(source: string): string {
  return source.replace(/<\/(style)/gi, "<\\/$1");
}
