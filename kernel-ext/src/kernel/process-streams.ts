type Write = typeof process.stdout.write;

/**
 * Sends what user code writes to process.stdout/stderr to `sink` (the cell's output) and returns a
 * function that restores the real streams. The kernel's own logs keep using the saved originals.
 */
export function captureProcessStreams(sink: (name: "stdout" | "stderr", text: string) => void): () => void {
  const original = { stdout: process.stdout.write, stderr: process.stderr.write };
  const redirect = (name: "stdout" | "stderr"): Write =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      sink(name, typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      callback?.();
      return true;
    }) as Write;
  process.stdout.write = redirect("stdout");
  process.stderr.write = redirect("stderr");
  return () => {
    process.stdout.write = original.stdout;
    process.stderr.write = original.stderr;
  };
}
