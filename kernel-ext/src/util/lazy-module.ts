/**
 * A native dependency loaded when first used, not when tslab-ml is: `load` runs once, on the first
 * `get()` or the first property read through `proxy` (what the public `ort` export is). A kernel that never
 * exports ONNX or decodes an image file never loads onnxruntime-node or sharp, and one where they fail to
 * load still starts.
 */
export function lazyModule<T extends object>(name: string, load: () => T): { get(): T; proxy: T } {
  let loaded: T | undefined;
  const get = (): T => {
    if (loaded === undefined) {
      try {
        loaded = load();
      } catch (e) {
        throw new Error(
          `tslab-ml could not load ${name}: ${(e as Error).message}; reinstall it (npm install ${name})`,
          {
            cause: e,
          },
        );
      }
    }
    return loaded;
  };
  const proxy = new Proxy({} as T, {
    get: (_target, key) => Reflect.get(get(), key) as unknown,
    has: (_target, key) => Reflect.has(get(), key),
    ownKeys: () => Reflect.ownKeys(get()),
    getOwnPropertyDescriptor: (_target, key) => {
      const d = Reflect.getOwnPropertyDescriptor(get(), key);
      // A proxy may only report configurable properties its (empty) target lacks.
      return d ? { ...d, configurable: true } : undefined;
    },
  });
  return { get, proxy };
}
