#!/usr/bin/env node
"use strict";
require("../dist/cli/main")
  .main(process.argv.slice(2), __filename)
  .then((code) => {
    if (code >= 0) process.exitCode = code;
  });
