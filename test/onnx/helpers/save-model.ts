import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type * as tf from "@tensorflow/tfjs";

export type Quantization = "none" | "uint8" | "uint16" | "float16";

/** float32 → IEEE half (round to nearest even), for float16-quantised test files. */
function toHalf(value: number): number {
  const f = new Float32Array([value]);
  const bits = new Uint32Array(f.buffer)[0] as number;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  let mantissa = bits & 0x7fffff;
  if (exponent <= 0) {
    if (exponent < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - exponent;
    const half = mantissa >>> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const midpoint = 1 << (shift - 1);
    return sign | (half + (rest > midpoint || (rest === midpoint && half & 1) ? 1 : 0));
  }
  if (exponent >= 31) return sign | 0x7c00;
  const half = (exponent << 10) | (mantissa >>> 13);
  const rest = mantissa & 0x1fff;
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && half & 1) ? 1 : 0));
}

function quantize(
  values: Float32Array,
  kind: Exclude<Quantization, "none">,
): { bytes: Uint8Array; quantization: tf.io.WeightsManifestEntry["quantization"] } {
  if (kind === "float16") {
    const out = Uint16Array.from(values, toHalf);
    return { bytes: new Uint8Array(out.buffer), quantization: { dtype: "float16" } };
  }
  const levels = kind === "uint8" ? 255 : 65535;
  let min = Math.min(...values);
  const max = Math.max(...values);
  if (max === min) min = max - 1;
  const scale = (max - min) / levels;
  const q = Array.from(values, (v) => Math.round((v - min) / scale));
  const out = kind === "uint8" ? Uint8Array.from(q) : Uint16Array.from(q);
  return { bytes: new Uint8Array(out.buffer), quantization: { dtype: kind, min, scale } };
}

/**
 * Saves a model the way tfjs's file:// handler would (model.json + weight shards, here split into two
 * shards at an arbitrary byte), optionally with quantised weights as the tfjs converter writes them.
 */
export async function saveModelFiles(
  model: tf.LayersModel,
  dir: string,
  quantization: Quantization,
  tfjs: typeof tf,
): Promise<string> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tfjs.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: "JSON" } };
    }),
  );
  if (!artifacts) throw new Error("model.save produced nothing");
  const raw = artifacts.weightData;
  const buffers = Array.isArray(raw) ? raw : raw ? [raw] : [];
  const all = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const b of buffers) {
    all.set(new Uint8Array(b), at);
    at += b.byteLength;
  }
  const specs: tf.io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const spec of artifacts.weightSpecs ?? []) {
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const bytes = all.slice(offset, offset + size * 4);
    offset += size * 4;
    if (quantization === "none" || spec.dtype !== "float32") {
      specs.push(spec);
      chunks.push(bytes);
    } else {
      const q = quantize(new Float32Array(bytes.buffer), quantization);
      specs.push({ ...spec, quantization: q.quantization });
      chunks.push(q.bytes);
    }
  }
  const data = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  at = 0;
  for (const c of chunks) {
    data.set(c, at);
    at += c.byteLength;
  }
  mkdirSync(dir, { recursive: true });
  const cut = Math.floor(data.byteLength / 3);
  writeFileSync(join(dir, "group1-shard1of2.bin"), data.subarray(0, cut));
  writeFileSync(join(dir, "group1-shard2of2.bin"), data.subarray(cut));
  const json = {
    format: "layers-model",
    generatedBy: "tslab-ml tests",
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: ["group1-shard1of2.bin", "group1-shard2of2.bin"], weights: specs }],
  };
  const path = join(dir, "model.json");
  writeFileSync(path, JSON.stringify(json));
  return path;
}
