import { sep } from "node:path";

/**
 * A doc comment that starts a line: `/**` after nothing but indentation, and not the empty `/**\/`.
 * Only those are deferred: a line cannot start inside a string literal, so the edit never changes a
 * value (a multi-line template literal type is the one exception, and no declaration file has one).
 */
const LINE_DOC_COMMENT = /^([ \t]*)\/\*\*(?!\/)/gm;

/**
 * The text with each line-leading doc comment turned into a plain block comment (`/**` → `/* `): same
 * length, same lines, same tokens. TypeScript then skips parsing the comment as JSDoc, which in a
 * declaration file only serves documentation (types come from the code; `@deprecated` only feeds
 * suggestions, which cells don't report); the docs are put back when a name is inspected.
 */
export function deferDocComments(text: string): string {
  return text.replace(LINE_DOC_COMMENT, "$1/* ");
}

/**
 * Whose doc comments are deferred: declaration files of installed packages (TypeScript's own libraries,
 * type roots, the packages cells import) and of the given directories (the prelude's bundle). A user's
 * own declaration files, and tslab's in-memory files of earlier cells, are read as they are.
 */
export function defersDocsOf(directories: readonly string[]): (path: string) => boolean {
  const roots = directories.map((d) => (d.endsWith(sep) || d.endsWith("/") ? d : d + "/"));
  return (path) =>
    path.endsWith(".d.ts") &&
    (path.includes("/node_modules/") || roots.some((root) => path.startsWith(root)));
}
