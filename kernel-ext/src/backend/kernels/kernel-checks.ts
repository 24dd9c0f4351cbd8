// Argument checks shared by the convolution gradient kernels.

export function requireNhwc(dataFormat: string | undefined, kernelName: string): void {
  if (dataFormat !== undefined && dataFormat !== "NHWC") {
    throw new Error(`tslab-ml wasm ${kernelName} supports dataFormat NHWC only, got ${dataFormat}`);
  }
}

/** dy must have the shape the forward convolution produces. */
export function checkOutShape(expected: number[], actual: number[]): void {
  if (expected.length !== actual.length || expected.some((v, i) => v !== actual[i])) {
    throw new Error(`output gradient has shape [${actual}], the convolution produces [${expected}]`);
  }
}
