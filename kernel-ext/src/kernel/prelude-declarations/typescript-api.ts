import { tslabTypeScript } from "../tslab-typescript";

// The part of TypeScript (tslab's 5.0 copy) that bundling declarations uses, typed structurally.

export interface TsNode {
  kind: number;
  end: number;
  getStart(file?: TsSourceFile): number;
  modifiers?: readonly TsNode[];
  name?: TsNode & { text?: string };
  text?: string;
  moduleSpecifier?: TsNode;
  exportClause?: TsNode & { elements?: readonly (TsNode & { name: TsNode & { text: string } })[] };
  isExportEquals?: boolean;
  argument?: TsNode & { literal?: TsNode };
  expression?: TsNode;
}

export interface FileReference {
  fileName: string;
}

export interface TsSourceFile extends TsNode {
  fileName: string;
  text: string;
  statements: readonly TsNode[];
  referencedFiles: readonly FileReference[];
  typeReferenceDirectives: readonly FileReference[];
  libReferenceDirectives: readonly FileReference[];
}

export interface ResolutionHost {
  fileExists(path: string): boolean;
  readFile(path: string): string | undefined;
}

export interface TsApi {
  sys: ResolutionHost & { realpath?(path: string): string; directoryExists(path: string): boolean };
  createSourceFile(name: string, text: string, target: number, setParents: boolean): TsSourceFile;
  isExternalModule(file: TsSourceFile): boolean;
  forEachChild(node: TsNode, visit: (child: TsNode) => void): void;
  resolveModuleName(
    name: string,
    containingFile: string,
    options: object,
    host: ResolutionHost,
  ): { resolvedModule?: { resolvedFileName: string } };
  resolveTypeReferenceDirective(
    name: string,
    containingFile: string,
    options: object,
    host: ResolutionHost,
  ): { resolvedTypeReferenceDirective?: { resolvedFileName?: string } };
  ScriptTarget: { Latest: number; ES2022: number };
  ModuleKind: { ESNext: number };
  ModuleResolutionKind: { Node10: number };
  SyntaxKind: Record<
    | "ImportDeclaration"
    | "ExportDeclaration"
    | "ModuleDeclaration"
    | "ImportType"
    | "LiteralType"
    | "StringLiteral"
    | "ExternalModuleReference"
    | "DeclareKeyword"
    | "ExportKeyword"
    | "DefaultKeyword"
    | "ExportAssignment"
    | "NamedExports",
    number
  >;
}

export function typescript(): TsApi {
  return tslabTypeScript<TsApi>();
}

/** Module resolution as tslab's converter sets it up for cells (Node10, ES modules, interop). */
export function cellResolutionOptions(ts: TsApi): object {
  return {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    esModuleInterop: true,
    target: ts.ScriptTarget.ES2022,
  };
}
