// The widget module's identity lives in the protocol package, which the kernel reads too.
export { MODULE_NAME, MODULE_VERSION, MODULE_VERSION_RANGE } from "tslab-ml-protocol";
