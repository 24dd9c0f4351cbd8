import type * as tf from "@tensorflow/tfjs";
import { readFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";

/** The parts of a tfjs model.json this loader reads. */
interface ModelJson {
  modelTopology?: object;
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: tf.io.TrainingConfig;
  userDefinedMetadata?: { [key: string]: object };
}

/**
 * A tfjs IOHandler that loads a LayersModel saved as model.json plus binary weight shards (tfjs's
 * `file://` layout) with node's fs, for environments without tfjs-node. Shards are concatenated in
 * manifest order; quantised weights (uint8/uint16/float16) are dequantised by tfjs when it decodes them.
 */
export function fileModelHandler(modelJsonPath: string): tf.io.IOHandler {
  const path = resolve(modelJsonPath);
  return {
    async load(): Promise<tf.io.ModelArtifacts> {
      const json = JSON.parse(await readFile(path, "utf8")) as ModelJson;
      if (!json.modelTopology) throw new Error(`${path} has no modelTopology: not a tfjs LayersModel file`);
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Uint8Array[] = [];
      for (const group of json.weightsManifest ?? []) {
        specs.push(...group.weights);
        for (const shard of group.paths) buffers.push(await readFile(resolve(dirname(path), shard)));
      }
      const total = buffers.reduce((n, b) => n + b.byteLength, 0);
      const weightData = new Uint8Array(total);
      let offset = 0;
      for (const b of buffers) {
        weightData.set(b, offset);
        offset += b.byteLength;
      }
      return {
        modelTopology: json.modelTopology,
        weightSpecs: specs,
        weightData: weightData.buffer,
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        trainingConfig: json.trainingConfig,
        userDefinedMetadata: json.userDefinedMetadata,
      };
    },
  };
}
