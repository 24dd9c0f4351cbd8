// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require("../package.json") as { version: string };

/** This package's version: in the kernel banner and in every widget's state (frontends compare it). */
export const TSLAB_ML_VERSION: string = pkg.version;
