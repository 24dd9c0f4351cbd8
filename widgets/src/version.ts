/**
 * The widget module's name and version, read from this package's package.json: the one source the kernel
 * (when it opens comms) and the frontend (when it registers its views) both use. DOM-free on purpose.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const pkg = require("../package.json") as { name: string; version: string };

export const MODULE_NAME: string = pkg.name;
export const MODULE_VERSION: string = pkg.version;
/** The semver range a kernel asks for: any frontend of the same minor version renders its state. */
export const MODULE_VERSION_RANGE = `^${pkg.version}`;
