import { deferDocComments } from "./defer";
import { hydrateDocComments } from "./hydrate";
import type { DocChecker, DocNode, DocSourceFile, DocTypeScript } from "./typescript";

interface ReadableSystem {
  readFile(path: string, encoding?: string): string | undefined;
}

/**
 * Doc comments of declaration files, parsed when a name is inspected rather than when the file is read.
 * At start-up TypeScript reads megabytes of declarations (its libraries, the type roots, the prelude's
 * bundle of tfjs and tslab-ml), a third of it doc comments; parsing those as JSDoc was a fifth of the
 * compile thread's start-up, for docs only inspect shows.
 */
export class DeferredDocs {
  /** Deferred files by path, with the system that read them (it reads the original again). */
  private readonly deferred = new Map<string, ReadableSystem>();
  /** Top-level statements whose docs are back (a changed file is a new tree: hydrated anew). */
  private readonly hydrated = new WeakSet<DocNode>();
  /** The original text of deferred files hydrated from, read once per tree. */
  private readonly originals = new WeakMap<DocSourceFile, string | undefined>();

  constructor(
    private readonly ts: DocTypeScript,
    private readonly defers: (path: string) => boolean,
  ) {}

  /** A view of `system` whose reads of deferred files come with their doc comments deferred. */
  system<T extends ReadableSystem>(system: T): T {
    const view = Object.create(system) as T;
    view.readFile = (path: string, encoding?: string): string | undefined => {
      const text = system.readFile(path, encoding);
      if (text === undefined || !this.defers(path)) return text;
      this.deferred.set(path, system);
      return deferDocComments(text);
    };
    return view;
  }

  /**
   * Puts back the docs of what `position` in `file` names (and of what it aliases), before TypeScript's
   * quick info reads them: it caches a symbol's docs the first time it reads them. Each declaration's
   * whole top-level statement is hydrated (in the prelude's bundle, one module of tfjs or tslab-ml): docs
   * can come from siblings (`@param` tags on the function, overloads, a class's other members).
   */
  hydrateAt(file: DocSourceFile, checker: DocChecker, position: number): void {
    let symbol = checker.getSymbolAtLocation(this.ts.getTouchingPropertyName(file, position));
    const declarations: DocNode[] = [];
    while (symbol) {
      declarations.push(...(symbol.declarations ?? []));
      symbol = symbol.flags & this.ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : undefined;
    }
    for (const declaration of declarations) this.hydrate(declaration);
  }

  private hydrate(declaration: DocNode): void {
    let statement = declaration;
    while (statement.parent && statement.parent.parent) statement = statement.parent;
    const file = statement.parent as DocSourceFile | undefined;
    if (!file || this.hydrated.has(statement)) return;
    this.hydrated.add(statement);
    const original = this.originalText(file);
    if (original !== undefined) hydrateDocComments(this.ts, file, statement, original);
  }

  private originalText(file: DocSourceFile): string | undefined {
    if (this.originals.has(file)) return this.originals.get(file);
    const system = this.deferred.get(file.fileName);
    let original = system?.readFile(file.fileName);
    // Changed on disk since it was read: its docs would not match its tree.
    if (original !== undefined && deferDocComments(original) !== file.text) original = undefined;
    this.originals.set(file, original);
    return original;
  }
}
