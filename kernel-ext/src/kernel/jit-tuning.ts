import { setFlagsFromString } from "node:v8";

/**
 * How much bytecode a function runs before V8 considers optimizing it: 4× V8's default (67,584). At a
 * kernel's start most code runs a few times only (TypeScript reading its libraries and the prelude's
 * declarations, tfjs registering its kernels), and optimizing it kept V8's helper threads busy for ~2.7 s
 * of CPU, which on a 2-core machine took time from the thread compiling the prelude. With this budget,
 * hot code is still optimized, a little later: start-up takes ~0.7 s less CPU and cells are no slower
 * (bench/kernel-startup.ts).
 */
export const KERNEL_INTERRUPT_BUDGET = 4 * 67_584;

/**
 * Sets the budget for the whole kernel process, first thing (before the big libraries load and before
 * the compile thread starts). Set once and kept: the code cache records V8's flags, and a cache made
 * under other flags is rejected.
 */
export function tuneJitForKernel(): void {
  setFlagsFromString(`--interrupt-budget=${KERNEL_INTERRUPT_BUDGET}`);
}
