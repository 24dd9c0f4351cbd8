// BatchMatMul and _FusedMatMul for wasm, wrapping the backend's own kernels. Those use XNNPACK only
// when neither operand is transposed (and there is one batch); any transpose falls back to a scalar
// loop about ten times slower (64×784ᵀ·64×256: 14 ms against 1.5 ms). Every Dense layer's backward
// pass needs both transposes, so for a single batch the operand is transposed explicitly (a cheap
// wasm Transpose) and the fast path runs.
import * as tf from "@tensorflow/tfjs";
import { WasmOps, type Info } from "./wasm-ops";

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/** Wraps an original matmul kernel (BatchMatMul or _FusedMatMul) of the wasm backend. */
export function untransposingMatMul(original: tf.KernelConfig): tf.KernelConfig {
  const kernelFunc = (args: KernelArgs): Info => {
    const { a, b } = args.inputs;
    const attrs = (args.attrs ?? {}) as { transposeA?: boolean; transposeB?: boolean };
    const run = (inputs: tf.NamedTensorInfoMap, newAttrs: tf.NamedAttrMap) => {
      const out = original.kernelFunc({ inputs, backend: args.backend as object, attrs: newAttrs });
      if (Array.isArray(out)) throw new Error(`${original.kernelName} returned several outputs`);
      return out;
    };
    if (!a || !b || (!attrs.transposeA && !attrs.transposeB) || !singleBatch(a) || !singleBatch(b)) {
      return run(args.inputs, args.attrs ?? {});
    }
    const ops = WasmOps.of(args.backend);
    const owned: Info[] = [];
    const flip = (x: Info): Info => {
      const perm = x.shape.map((_, i) => i);
      const r = perm.length;
      [perm[r - 2], perm[r - 1]] = [perm[r - 1], perm[r - 2]];
      const t = ops.transpose(x, perm);
      owned.push(t);
      return t;
    };
    try {
      const inputs = {
        ...args.inputs,
        a: attrs.transposeA ? flip(a) : a,
        b: attrs.transposeB ? flip(b) : b,
      };
      return run(inputs, { ...args.attrs, transposeA: false, transposeB: false });
    } finally {
      ops.release(...owned);
    }
  };
  return { ...original, kernelFunc };
}

function singleBatch(x: Info): boolean {
  return x.shape.slice(0, -2).every((d) => d === 1);
}
