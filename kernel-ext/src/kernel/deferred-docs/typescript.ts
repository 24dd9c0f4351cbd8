// The parts of TypeScript (tslab's 5.0 copy) that deferred docs use: public API plus a few helpers the
// compiler exports for its services (setParent, setParentRecursive, getTouchingPropertyName).

export interface DocNode {
  kind: number;
  pos: number;
  end: number;
  flags: number;
  parent?: DocNode;
  jsDoc?: DocNode[];
}

export interface DocSourceFile extends DocNode {
  fileName: string;
  text: string;
  isDeclarationFile: boolean;
  languageVersion: number;
  impliedNodeFormat?: number;
}

export interface DocSymbol {
  flags: number;
  declarations?: DocNode[];
}

export interface DocChecker {
  getSymbolAtLocation(node: DocNode): DocSymbol | undefined;
  getAliasedSymbol(symbol: DocSymbol): DocSymbol;
}

export interface DocTypeScript {
  createSourceFile(
    fileName: string,
    text: string,
    languageVersion: { languageVersion: number; impliedNodeFormat?: number },
    setParentNodes?: boolean,
  ): DocSourceFile;
  forEachChild(node: DocNode, visit: (child: DocNode) => void): void;
  getTouchingPropertyName(file: DocSourceFile, position: number): DocNode;
  setParent(child: DocNode, parent: DocNode): void;
  setParentRecursive(node: DocNode, incremental: boolean): void;
  NodeFlags: { Deprecated: number };
  SymbolFlags: { Alias: number };
}
