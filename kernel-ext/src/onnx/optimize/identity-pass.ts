import type { GraphIR } from "../ir/types";
import { GraphIndex } from "./graph-index";

/**
 * Removes Identity nodes: readers are pointed at the Identity's input; an Identity that names a graph
 * output is folded into the node producing its input when that value is internal.
 */
export function removeIdentities(graph: GraphIR): boolean {
  let changed = false;
  for (const node of [...graph.nodes]) {
    if (node.opType !== "Identity") continue;
    const index = new GraphIndex(graph);
    const input = node.inputs[0] as string;
    const output = node.outputs[0] as string;
    if (!index.graphOutputs.has(output)) {
      index.replaceUses(output, input);
    } else {
      const producer = index.producer.get(input);
      const internal = producer && !index.graphOutputs.has(input) && !index.graphInputs.has(input);
      if (!internal) continue;
      producer.outputs = producer.outputs.map((o) => (o === input ? output : o));
      index.replaceUses(input, output);
    }
    graph.nodes = graph.nodes.filter((n) => n !== node);
    changed = true;
  }
  return changed;
}
