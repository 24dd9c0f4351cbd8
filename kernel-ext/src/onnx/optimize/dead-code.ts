import type { GraphIR, NodeIR } from "../ir/types";
import { namesInSubgraphs } from "./subgraphs";

/**
 * Drops nodes whose outputs nobody reads and initializers no node reads. Works backwards from the graph
 * outputs through producers, so it does not depend on the node order (passes append nodes at the end).
 */
export function removeDeadCode(graph: GraphIR): boolean {
  const before = graph.nodes.length + graph.initializers.length;
  const producer = new Map<string, NodeIR>();
  for (const n of graph.nodes) for (const o of n.outputs) producer.set(o, n);
  const liveNodes = new Set<NodeIR>();
  const liveValues = new Set<string>();
  const pending = graph.outputs.map((o) => o.name);
  while (pending.length > 0) {
    const value = pending.pop() as string;
    if (liveValues.has(value)) continue;
    liveValues.add(value);
    const n = producer.get(value);
    if (!n || liveNodes.has(n)) continue;
    liveNodes.add(n);
    for (const input of n.inputs) if (input !== "") pending.push(input);
    // A subgraph may read outer values (initializers) by name.
    pending.push(...namesInSubgraphs(n));
  }
  graph.nodes = graph.nodes.filter((n) => liveNodes.has(n));
  graph.initializers = graph.initializers.filter((init) => liveValues.has(init.name));
  return graph.nodes.length + graph.initializers.length !== before;
}
