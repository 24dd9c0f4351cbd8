import type { GraphIR, NodeIR } from "../ir/types";

/** The subgraphs held in a node's attributes (Scan bodies). */
export function subgraphsOf(node: NodeIR): GraphIR[] {
  return Object.values(node.attributes).flatMap((a) => (a.kind === "graph" ? [a.value] : []));
}

/** Every value name a node's subgraphs read or define (so outer passes keep what they read from outside). */
export function namesInSubgraphs(node: NodeIR): string[] {
  const names: string[] = [];
  for (const g of subgraphsOf(node)) {
    for (const v of [...g.inputs, ...g.outputs]) names.push(v.name);
    for (const n of g.nodes) {
      names.push(...n.inputs.filter((i) => i !== ""), ...n.outputs, ...namesInSubgraphs(n));
    }
  }
  return names;
}
