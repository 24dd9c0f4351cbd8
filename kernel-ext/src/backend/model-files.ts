// model.save("file://DIR") and tf.loadLayersModel("file://DIR/model.json") with node's fs, for every
// backend: tfjs registers file:// handlers only in @tensorflow/tfjs-node, which cannot install everywhere.
import * as tf from "@tensorflow/tfjs";
import { mkdir, readFile, stat } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, isAbsolute } from "node:path";
import { writeFileAtomically } from "../util/atomic-write";

const SCHEME = "file://";
const MODEL_JSON = "model.json";
const WEIGHTS_BIN = "weights.bin";
// A model.json is topology and a manifest, kilobytes to a few megabytes; parsing gigabytes would wedge.
const MAX_MODEL_JSON_BYTES = 64 * 1024 * 1024;

/** The parts of a tfjs model.json this module reads and writes. */
interface ModelJson {
  modelTopology?: object;
  weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: tf.io.TrainingConfig;
  userDefinedMetadata?: { [key: string]: object };
  modelInitializer?: object;
}

const BYTES_PER_ELEMENT: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  uint16: 2,
  float16: 2,
};

/** Bytes the manifest says the weights take, or undefined when it cannot tell (string weights). */
function manifestBytes(specs: readonly tf.io.WeightsManifestEntry[]): number | undefined {
  let total = 0;
  for (const spec of specs) {
    const dtype = spec.quantization?.dtype ?? spec.dtype;
    const size = BYTES_PER_ELEMENT[dtype];
    if (size === undefined) return undefined;
    total += size * spec.shape.reduce((a, b) => a * b, 1);
  }
  return total;
}

/** `DIR` → DIR/model.json + DIR/weights.bin; `NAME.json` → NAME.json + NAME.weights.bin beside it. */
function savePaths(path: string): { modelJson: string; weights: string } {
  if (path.endsWith(".json")) {
    return { modelJson: path, weights: join(dirname(path), `${basename(path, ".json")}.${WEIGHTS_BIN}`) };
  }
  return { modelJson: join(path, MODEL_JSON), weights: join(path, WEIGHTS_BIN) };
}

/** A weight file named in a manifest, which must lie in the model's folder (model files are untrusted). */
function shardPath(folder: string, shard: unknown, modelJson: string): string {
  const path = typeof shard === "string" ? resolve(folder, shard) : "";
  const inside = relative(folder, path);
  if (typeof shard !== "string" || inside.startsWith("..") || isAbsolute(inside)) {
    throw new Error(
      `${modelJson} names the weight file "${String(shard)}" outside its folder; only files next to model.json are read`,
    );
  }
  return path;
}

/** The model.json at `path` (or in the folder `path`) and its size, checked to be a regular file. */
async function findModelJson(path: string): Promise<{ path: string; size: number }> {
  const info = await stat(path).catch((cause: Error) => {
    throw new Error(`cannot load a model from ${path}: ${cause.message}`, { cause });
  });
  if (info.isDirectory()) return findModelJson(join(path, MODEL_JSON));
  if (!info.isFile())
    throw new Error(`${path} is not a regular file: pass the model.json that model.save wrote`);
  if (info.size > MAX_MODEL_JSON_BYTES) {
    throw new Error(
      `${path} is ${info.size} bytes, more than a model.json holds (at most ${MAX_MODEL_JSON_BYTES}): pass the model.json that model.save wrote`,
    );
  }
  return { path, size: info.size };
}

async function readModelJson(path: string): Promise<ModelJson> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, "utf8"));
  } catch (cause) {
    throw new Error(
      `${path} is not JSON (${(cause as Error).message}): pass the model.json that model.save wrote`,
      {
        cause,
      },
    );
  }
  if (typeof json !== "object" || json === null || !("modelTopology" in json) || !json.modelTopology)
    throw new Error(`${path} has no modelTopology: not a tfjs LayersModel file`);
  return json as ModelJson;
}

async function loadArtifacts(path: string): Promise<tf.io.ModelArtifacts> {
  const modelJsonPath = (await findModelJson(path)).path;
  const json = await readModelJson(modelJsonPath);
  const folder = dirname(modelJsonPath);
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of json.weightsManifest ?? []) {
    specs.push(...group.weights);
    for (const shard of group.paths) {
      const file = shardPath(folder, shard, modelJsonPath);
      if (!(await stat(file)).isFile()) throw new Error(`${file} is not a regular file: not a weight file`);
      buffers.push(await readFile(file));
    }
  }
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const expected = manifestBytes(specs);
  if (expected !== undefined && expected !== total) {
    throw new Error(
      `${modelJsonPath}: the weight files hold ${total} bytes but its manifest needs ${expected}; ` +
        `the files are truncated or from another model: save the model again`,
    );
  }
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
    modelInitializer: json.modelInitializer,
  };
}

async function saveArtifacts(path: string, artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
  if (artifacts.modelTopology instanceof ArrayBuffer)
    throw new Error(
      "saving a binary model topology (a GraphModel) to files is not supported; save a LayersModel",
    );
  const { modelJson, weights } = savePaths(path);
  await mkdir(dirname(modelJson), { recursive: true });
  const weightData = artifacts.weightData
    ? tf.io.CompositeArrayBuffer.join(artifacts.weightData)
    : new ArrayBuffer(0);
  const json: ModelJson = {
    modelTopology: artifacts.modelTopology,
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    weightsManifest: [{ paths: [basename(weights)], weights: artifacts.weightSpecs ?? [] }],
    trainingConfig: artifacts.trainingConfig,
    userDefinedMetadata: artifacts.userDefinedMetadata,
    modelInitializer: artifacts.modelInitializer,
  };
  // Both files are written in full before either replaces anything; the weights are renamed first, so a
  // failed write changes nothing and model.json never names weights that are not there yet.
  await writeFileAtomically(modelJson, Buffer.from(JSON.stringify(json), "utf8"), () =>
    writeFileAtomically(weights, new Uint8Array(weightData)),
  );
  return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
}

/**
 * An IOHandler for tfjs's file layout with node's fs. Saving to `DIR` writes DIR/model.json and
 * DIR/weights.bin (to `NAME.json`: NAME.json and NAME.weights.bin), each atomically; loading takes the
 * model.json (or its folder), reads only weight files inside that folder and checks their size.
 */
export function fileModelHandler(path: string): tf.io.IOHandler {
  const absolute = resolve(path);
  return {
    load: () => loadArtifacts(absolute),
    save: (artifacts) => saveArtifacts(absolute, artifacts),
  };
}

function fileRouter(url: string | string[]): tf.io.IOHandler | null {
  if (typeof url !== "string" || !url.startsWith(SCHEME)) return null;
  // tfjs-node, once loaded, answers file:// itself; two handlers for one URL make tfjs refuse both.
  if (tf.findBackendFactory("tensorflow") != null) return null;
  return fileModelHandler(url.slice(SCHEME.length));
}

// tfjs-core copies that have the routers already, shared by copies of tslab-ml: registering twice would
// give one URL two handlers.
type IORouter = Parameters<typeof tf.io.registerSaveRouter>[0];

const REGISTERED = Symbol.for("tslab-ml.file-routers");

/** Makes `file://` URLs work in model.save and tf.loadLayersModel of this tf (idempotent). */
export function registerFileRouters(): void {
  const holder = globalThis as { [REGISTERED]?: WeakSet<object> };
  const registries = (holder[REGISTERED] ??= new WeakSet<object>());
  if (registries.has(tf.io.registerSaveRouter)) return;
  registries.add(tf.io.registerSaveRouter);
  // tfjs's routers answer null for URLs that are not theirs, though its IORouter type does not say so.
  const router = fileRouter as IORouter;
  tf.io.registerSaveRouter(router);
  tf.io.registerLoadRouter(router);
}
