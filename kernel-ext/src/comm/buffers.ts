import type { JsonObject, JsonValue } from "../jupyter/messages";
import { bareObject, isPrototypeKey } from "../util/untrusted-keys";

/** A widget state value: JSON, with binary data allowed anywhere (it travels as a separate frame). */
export type StateValue = JsonValue | Uint8Array | StateValue[] | { [key: string]: StateValue };
export type WidgetState = { [key: string]: StateValue };
export type BufferPath = (string | number)[];

export interface SplitState {
  state: JsonObject;
  bufferPaths: BufferPath[];
  buffers: Uint8Array[];
}

function isBinary(value: unknown): value is Uint8Array {
  return value instanceof Uint8Array;
}

/**
 * Takes binary values out of a state, as protocol 2.x wants: in objects the key is removed, in arrays
 * the slot becomes null; `bufferPaths[i]` says where `buffers[i]` goes back.
 */
export function splitBuffers(state: WidgetState): SplitState {
  const bufferPaths: BufferPath[] = [];
  const buffers: Uint8Array[] = [];
  const walk = (value: StateValue, path: BufferPath): JsonValue | undefined => {
    if (isBinary(value)) {
      bufferPaths.push(path);
      buffers.push(value);
      return undefined;
    }
    if (Array.isArray(value)) return value.map((v, i) => walk(v, [...path, i]) ?? null);
    if (value !== null && typeof value === "object") {
      const out: JsonObject = {};
      for (const [k, v] of Object.entries(value)) {
        const json = walk(v, [...path, k]);
        if (json !== undefined) out[k] = json;
      }
      return out;
    }
    return value;
  };
  return { state: walk(state, []) as JsonObject, bufferPaths, buffers };
}

export class BufferPathError extends Error {
  override name = "BufferPathError";
}

/** Parses `buffer_paths` as it comes from a frontend, rejecting anything that is not a list of key lists. */
export function parseBufferPaths(value: JsonValue | undefined, bufferCount: number): BufferPath[] {
  if (value === undefined || value === null) {
    if (bufferCount > 0) throw new BufferPathError(`${bufferCount} buffers arrived without buffer_paths`);
    return [];
  }
  if (!Array.isArray(value)) throw new BufferPathError("buffer_paths is not a list");
  if (value.length !== bufferCount) {
    throw new BufferPathError(`buffer_paths names ${value.length} buffers but ${bufferCount} arrived`);
  }
  return value.map((path, i) => {
    if (!Array.isArray(path) || path.length === 0)
      throw new BufferPathError(`buffer_paths[${i}] is not a path`);
    return path.map((key) => {
      if (typeof key !== "string" && typeof key !== "number") {
        throw new BufferPathError(`buffer_paths[${i}] holds a ${typeof key}; keys are strings or numbers`);
      }
      if (isPrototypeKey(key)) {
        throw new BufferPathError(`buffer_paths[${i}] holds "${key}"; keys that name prototypes are refused`);
      }
      return key;
    });
  });
}

/**
 * Copies a state from a frontend, refusing keys that name prototypes; an object without prototype stays
 * one (what the kernel decodes from the wire), so keys from outside remain plain data.
 */
function copyState(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(copyState);
  if (value === null || typeof value !== "object") return value;
  const out: JsonObject = Object.getPrototypeOf(value) === null ? bareObject() : {};
  for (const [key, child] of Object.entries(value)) {
    if (isPrototypeKey(key)) {
      throw new BufferPathError(`the state has a key "${key}"; keys that name prototypes are refused`);
    }
    out[key] = copyState(child);
  }
  return out;
}

/**
 * Puts binary frames back where `bufferPaths` says, as Uint8Array views over the received memory. Paths
 * step only through the state's own keys.
 */
export function joinBuffers(
  state: JsonObject,
  bufferPaths: readonly BufferPath[],
  buffers: readonly ArrayBufferView[],
): WidgetState {
  const out = copyState(state) as WidgetState;
  bufferPaths.forEach((path, i) => {
    const buffer = buffers[i];
    if (!buffer) throw new BufferPathError(`no buffer for buffer_paths[${i}]`);
    for (const key of path) {
      if (isPrototypeKey(key)) {
        throw new BufferPathError(`buffer path ${JSON.stringify(path)} names a prototype; refused`);
      }
    }
    let target: StateValue = out;
    for (const key of path.slice(0, -1)) {
      const next: StateValue | undefined =
        target !== null && typeof target === "object" && !isBinary(target) && Object.hasOwn(target, key)
          ? (target as Record<string, StateValue>)[key as string]
          : undefined;
      if (next === undefined || next === null || typeof next !== "object" || isBinary(next)) {
        throw new BufferPathError(`buffer path ${JSON.stringify(path)} does not lead into the state`);
      }
      target = next;
    }
    const last = path[path.length - 1] as string | number;
    (target as Record<string | number, StateValue>)[last] = new Uint8Array(
      buffer.buffer,
      buffer.byteOffset,
      buffer.byteLength,
    );
  });
  return out;
}
