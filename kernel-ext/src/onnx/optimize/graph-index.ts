import type { GraphIR, InitializerIR, NodeIR } from "../ir/types";
import { namesInSubgraphs } from "./subgraphs";

/** Producer/consumer lookups over a graph, rebuilt by each pass (graphs are small enough). */
export class GraphIndex {
  readonly producer = new Map<string, NodeIR>();
  readonly consumers = new Map<string, NodeIR[]>();
  readonly initializers = new Map<string, InitializerIR>();
  readonly graphOutputs: Set<string>;
  readonly graphInputs: Set<string>;
  private readonly used = new Set<string>();

  constructor(readonly graph: GraphIR) {
    for (const n of graph.nodes) {
      for (const o of n.outputs) {
        this.producer.set(o, n);
        this.used.add(o);
      }
      for (const name of namesInSubgraphs(n)) this.used.add(name);
      for (const i of n.inputs) {
        if (i === "") continue;
        const list = this.consumers.get(i);
        if (list) list.push(n);
        else this.consumers.set(i, [n]);
      }
    }
    for (const init of graph.initializers) {
      this.initializers.set(init.name, init);
      this.used.add(init.name);
    }
    for (const v of [...graph.inputs, ...graph.outputs]) this.used.add(v.name);
    this.graphOutputs = new Set(graph.outputs.map((o) => o.name));
    this.graphInputs = new Set(graph.inputs.map((i) => i.name));
  }

  consumerCount(value: string): number {
    return (this.consumers.get(value)?.length ?? 0) + (this.graphOutputs.has(value) ? 1 : 0);
  }

  /** Makes every node read `to` where it read `from`. */
  replaceUses(from: string, to: string): void {
    for (const n of this.consumers.get(from) ?? []) {
      n.inputs = n.inputs.map((i) => (i === from ? to : i));
    }
  }

  /** A fresh value name not used anywhere in the graph. */
  freshName(base: string): string {
    for (let i = 0; ; i++) {
      const name = `${base}_t${i}`;
      if (!this.used.has(name)) {
        this.used.add(name);
        return name;
      }
    }
  }
}
