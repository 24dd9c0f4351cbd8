import type { DocNode, DocSourceFile, DocTypeScript } from "./typescript";

function children(ts: DocTypeScript, node: DocNode): DocNode[] {
  const found: DocNode[] = [];
  ts.forEachChild(node, (child) => void found.push(child));
  return found;
}

/**
 * The original text up to the end of `statement`, everything before it blanked: it parses to that one
 * statement, at the same positions as in the whole file.
 */
function statementAlone(originalText: string, statement: DocNode): string {
  return " ".repeat(statement.pos) + originalText.slice(statement.pos, statement.end);
}

/**
 * Puts back the doc comments of one top-level statement of a deferred file: parses the statement's
 * original text (which differs only inside comments, so it parses to the same tree, node for node) and
 * moves each node's JSDoc onto the matching node in the program, as the parser would have attached it,
 * `@deprecated` flag included. Returns false, leaving the rest undocumented, if the trees differ.
 */
export function hydrateDocComments(
  ts: DocTypeScript,
  file: DocSourceFile,
  statement: DocNode,
  originalText: string,
): boolean {
  const parsed = ts.createSourceFile(file.fileName, statementAlone(originalText, statement), {
    languageVersion: file.languageVersion,
    impliedNodeFormat: file.impliedNodeFormat,
  });
  const twin = children(ts, parsed)[0];
  if (!twin) return false;
  // An explicit stack: declaration files nest deep enough (long union types) to matter for recursion.
  const pending: [DocNode, DocNode][] = [[statement, twin]];
  for (let pair = pending.pop(); pair; pair = pending.pop()) {
    const [node, documented] = pair;
    // Alone, the statement's leading trivia starts at 0 (so do its first tokens'); the rest sits as it did.
    const samePos = node.pos === documented.pos || (node.pos === statement.pos && documented.pos === 0);
    if (node.kind !== documented.kind || !samePos || node.end !== documented.end) return false;
    if (documented.jsDoc && !node.jsDoc) {
      node.jsDoc = documented.jsDoc;
      for (const doc of documented.jsDoc) {
        ts.setParent(doc, node);
        ts.setParentRecursive(doc, false);
      }
    }
    node.flags |= documented.flags & ts.NodeFlags.Deprecated;
    const ours = children(ts, node);
    const theirs = children(ts, documented);
    if (ours.length !== theirs.length) return false;
    for (let i = 0; i < ours.length; i++) pending.push([ours[i] as DocNode, theirs[i] as DocNode]);
  }
  return true;
}
