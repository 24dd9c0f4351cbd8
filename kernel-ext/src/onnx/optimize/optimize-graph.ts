import type { GraphIR } from "../ir/types";
import { removeDeadCode } from "./dead-code";
import { removeIdentities } from "./identity-pass";
import { sortTopologically } from "./topo-sort";
import { optimizeTransposes } from "./transpose-pass";

/** Graph clean-up after conversion: layout Transposes, Identities, unused nodes; then topological order. */
export function optimizeGraph(graph: GraphIR): GraphIR {
  for (let round = 0; round < 20; round++) {
    const t = optimizeTransposes(graph);
    const i = removeIdentities(graph);
    const d = removeDeadCode(graph);
    if (!t && !i && !d) break;
  }
  sortTopologically(graph);
  return graph;
}
