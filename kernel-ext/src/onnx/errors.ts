/** Errors of the ONNX exporter; each names the layer and what to do about it. */

export class OnnxExportError extends Error {
  override readonly name: string = "OnnxExportError";
}

/** A layer class with no converter, or a converter that cannot handle one of the layer's options. */
export class UnsupportedLayerError extends OnnxExportError {
  override readonly name = "UnsupportedLayerError";

  constructor(
    readonly layerName: string,
    readonly className: string,
    readonly detail: string,
  ) {
    super(`Layer "${layerName}" (class ${className}): ${detail}`);
  }
}
