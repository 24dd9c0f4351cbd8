/**
 * The widget module's identity: the name and version the kernel writes into every model it opens and the
 * frontend registers its views under. Kept equal to widgets/package.json (protocol/test/module.test.ts).
 */
export const MODULE_NAME = "tslab-ml-widgets";
export const MODULE_VERSION = "0.1.0";
/** The semver range a kernel asks for: any frontend of the same minor version renders its state. */
export const MODULE_VERSION_RANGE = `^${MODULE_VERSION}`;
