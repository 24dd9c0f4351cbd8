import { tslabTypeScript } from "./tslab-typescript";

interface TsNode {
  kind: number;
  name?: { getEnd(): number; getText(): string };
  forEachChild(cb: (node: TsNode) => void): void;
}

interface TsApi {
  createSourceFile(name: string, text: string, target: number, setParents: boolean, kind: number): TsNode;
  SyntaxKind: { ShorthandPropertyAssignment: number };
  ScriptTarget: { Latest: number };
  ScriptKind: { TSX: number };
}

let ts: TsApi | undefined;

function typescript(): TsApi {
  ts ??= tslabTypeScript<TsApi>();
  return ts;
}

/**
 * Writes shorthand properties out (`{ model }` → `{ model: model }`). tslab turns variables of earlier cells
 * into properties of its exports object but leaves shorthands alone, so `({ model })` would throw
 * "model is not defined" in a later cell. Same meaning; only the columns of that line move.
 */
export function expandShorthandProperties(code: string): string {
  if (!code.includes("{")) return code;
  const api = typescript();
  const source = api.createSourceFile("cell.tsx", code, api.ScriptTarget.Latest, true, api.ScriptKind.TSX);
  const inserts: { at: number; text: string }[] = [];
  const visit = (node: TsNode): void => {
    if (node.kind === api.SyntaxKind.ShorthandPropertyAssignment && node.name) {
      inserts.push({ at: node.name.getEnd(), text: `: ${node.name.getText()}` });
    }
    node.forEachChild(visit);
  };
  visit(source);
  if (inserts.length === 0) return code;
  let out = code;
  for (const { at, text } of inserts.sort((a, b) => b.at - a.at))
    out = out.slice(0, at) + text + out.slice(at);
  return out;
}
