import type { GraphIR, NodeIR } from "../ir/types";

/** Orders nodes so that every value is produced before it is read, as ONNX requires. */
export function sortTopologically(graph: GraphIR): void {
  const available = new Set<string>([
    ...graph.inputs.map((i) => i.name),
    ...graph.initializers.map((i) => i.name),
    "",
  ]);
  const pending = new Map<NodeIR, number>();
  const waiting = new Map<string, NodeIR[]>();
  const ready: NodeIR[] = [];
  for (const n of graph.nodes) {
    const missing = new Set(n.inputs.filter((i) => !available.has(i)));
    pending.set(n, missing.size);
    if (missing.size === 0) ready.push(n);
    for (const m of missing) {
      const list = waiting.get(m);
      if (list) list.push(n);
      else waiting.set(m, [n]);
    }
  }
  const sorted: NodeIR[] = [];
  while (ready.length > 0) {
    const n = ready.shift() as NodeIR;
    sorted.push(n);
    for (const o of n.outputs) {
      for (const w of waiting.get(o) ?? []) {
        const left = (pending.get(w) as number) - 1;
        pending.set(w, left);
        if (left === 0) ready.push(w);
      }
      waiting.delete(o);
    }
  }
  if (sorted.length !== graph.nodes.length) {
    const stuck = graph.nodes.filter((n) => (pending.get(n) ?? 0) > 0).slice(0, 3);
    const detail = stuck.map(
      (n) =>
        `${n.opType} "${n.name}" waits for ${n.inputs.filter((i) => !available.has(i) && !sorted.some((s) => s.outputs.includes(i))).join(", ")}`,
    );
    throw new Error(`ONNX graph has a cycle or reads an undefined value: ${detail.join("; ")}`);
  }
  graph.nodes = sorted;
}
