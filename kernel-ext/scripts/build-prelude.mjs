#!/usr/bin/env node
// After `tsc -b`: writes dist/prelude/, the declarations every kernel cell sees (the package's index and
// all its types reach, tfjs included) folded into one file. The kernel rebuilds it itself when it finds it
// stale, at the cost of a slower start; building it here keeps the first start fast.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const index = fileURLToPath(new URL("../dist/index.d.ts", import.meta.url));
const { writePreludeDeclarations, preludeDeclarationsFresh } = require("../dist/kernel/prelude-declarations");
if (!preludeDeclarationsFresh(index)) writePreludeDeclarations(index);
