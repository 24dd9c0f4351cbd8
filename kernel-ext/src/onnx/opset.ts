/** Opsets the exporter can target, and the ONNX IR version that goes with each. */

export const MIN_OPSET = 13;
export const DEFAULT_OPSET = 17;
/** The newest ai.onnx opset onnxruntime-node 1.30 accepts (it refuses 27 as "under development"). */
export const MAX_OPSET = 26;

/** The lowest IR version of the ONNX release that introduced an opset (older readers accept it). */
export function irVersionFor(opset: number): number {
  if (opset <= 14) return 7;
  if (opset <= 18) return 8;
  if (opset <= 20) return 9;
  if (opset <= 22) return 10;
  if (opset === 23) return 11;
  if (opset === 24) return 12;
  return 13;
}

export function checkOpset(opset: number): void {
  if (!Number.isInteger(opset) || opset < MIN_OPSET || opset > MAX_OPSET) {
    throw new RangeError(
      `opset ${opset} is not supported: choose an integer from ${MIN_OPSET} to ${MAX_OPSET}`,
    );
  }
}
