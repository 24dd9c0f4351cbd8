const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * The hidden first cell: imports every public name of tslab-ml, values and types (and the namespace as
 * `ml`), so each cell has the helpers, their option and result types and `tf` in scope, typed, without an
 * import. tslab carries the imports of earlier cells into later ones.
 */
export function preludeSource(apiModulePath: string, names: readonly string[]): string {
  const specifier = JSON.stringify(apiModulePath.replace(/\\/g, "/").replace(/\.(js|d\.ts|ts)$/, ""));
  const valid = names.filter((n) => IDENTIFIER.test(n) && n !== "default" && n !== "__esModule");
  return `import * as ml from ${specifier};\nimport { ${valid.join(", ")} } from ${specifier};\n`;
}
