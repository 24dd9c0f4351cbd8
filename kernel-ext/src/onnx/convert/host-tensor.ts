/** Dense float32 arrays on the host, used to rearrange weights once at export time. */
export interface HostTensor {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--)
    strides[i] = (strides[i + 1] as number) * (shape[i + 1] as number);
  return strides;
}

/** out[i0..] = t[permuted index]: the same contract as ONNX Transpose (`perm[k]` is the source axis). */
export function transposeHost(t: HostTensor, perm: readonly number[]): HostTensor {
  const rank = t.shape.length;
  const outShape = perm.map((p) => t.shape[p] as number);
  const inStrides = stridesOf(t.shape);
  const srcStride = perm.map((p) => inStrides[p] as number);
  const out = new Float32Array(t.values.length);
  const index = new Array<number>(rank).fill(0);
  let src = 0;
  for (let o = 0; o < out.length; o++) {
    out[o] = t.values[src] as number;
    // Odometer increment over the output index, tracking the source offset incrementally.
    for (let axis = rank - 1; axis >= 0; axis--) {
      const i = (index[axis] as number) + 1;
      if (i < (outShape[axis] as number)) {
        index[axis] = i;
        src += srcStride[axis] as number;
        break;
      }
      src -= (i - 1) * (srcStride[axis] as number);
      index[axis] = 0;
    }
  }
  return { shape: outShape, values: out };
}

/** Reorders equal-sized blocks along the last axis: used for recurrent gate orders (Keras ifco → ONNX iofc). */
export function reorderLastAxisBlocks(t: HostTensor, blockOrder: readonly number[]): HostTensor {
  const last = t.shape[t.shape.length - 1] as number;
  const block = last / blockOrder.length;
  const rows = t.values.length / last;
  const out = new Float32Array(t.values.length);
  for (let r = 0; r < rows; r++) {
    blockOrder.forEach((src, dst) => {
      out.set(
        t.values.subarray(r * last + src * block, r * last + (src + 1) * block),
        r * last + dst * block,
      );
    });
  }
  return { shape: t.shape, values: out };
}

export function reshapeHost(t: HostTensor, shape: readonly number[]): HostTensor {
  return { shape, values: t.values };
}

/** Columns [start, end) of a matrix (or the same range of the last axis). */
export function sliceLastAxis(t: HostTensor, start: number, end: number): HostTensor {
  const last = t.shape[t.shape.length - 1] as number;
  const rows = t.values.length / last;
  const width = end - start;
  const out = new Float32Array(rows * width);
  for (let r = 0; r < rows; r++) out.set(t.values.subarray(r * last + start, r * last + end), r * width);
  return { shape: [...t.shape.slice(0, -1), width], values: out };
}

/** Row `index` of the first axis. */
export function rowOf(t: HostTensor, index: number): HostTensor {
  const rowSize = t.values.length / (t.shape[0] as number);
  return { shape: t.shape.slice(1), values: t.values.slice(index * rowSize, (index + 1) * rowSize) };
}
