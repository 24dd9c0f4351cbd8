export { initBackend, backendInfo } from "./init-backend";
export type { BackendInfo, BackendName } from "./types";
export { BackendUnavailableError } from "./unavailable-error";
export { tf } from "./tf";
export { registerWasmTrainingKernels, addedKernelNames, replacedKernelNames } from "./kernels/register";
export { registerDilationGradients } from "./gradients/register";
