import { attr } from "../ir/attributes";
import type { GraphIR, NodeIR } from "../ir/types";
import { GraphIndex } from "./graph-index";
import { LAYOUT_AGNOSTIC, pushTransposeThrough } from "./layout-rules";
import { composePerms, isIdentityPerm } from "./permutation";

/**
 * Layout clean-up. Converters wrap channels-first ONNX ops (Conv, pools, BatchNormalization) in
 * NHWC↔NCHW Transposes; this pass merges consecutive Transposes, drops identity ones, and pushes
 * Transposes through layout-agnostic ops (activations, Add, Concat, reductions, Resize, Pad, Slice) until
 * they meet their inverse. What remains is only the layout change the model really needs.
 */

function permOf(node: NodeIR): number[] | undefined {
  const perm = node.attributes.perm;
  return node.opType === "Transpose" && perm?.kind === "ints" ? [...perm.value] : undefined;
}

/** Drops an identity Transpose or folds a Transpose of a Transpose into one. */
function simplifyTranspose(node: NodeIR, index: GraphIndex): boolean {
  const perm = permOf(node) as number[];
  const input = node.inputs[0] as string;
  if (isIdentityPerm(perm)) {
    node.opType = "Identity";
    node.attributes = {};
    return true;
  }
  const producer = index.producer.get(input);
  const inner = producer && permOf(producer);
  if (!producer || !inner) return false;
  node.inputs = [producer.inputs[0] as string];
  node.attributes = { perm: attr.ints(composePerms(inner, perm)) };
  return true;
}

/** A Transpose is worth pushing when every reader can take it, so that it disappears upstream. */
function allReadersCanAbsorb(value: string, index: GraphIndex): boolean {
  if (index.graphOutputs.has(value)) return false;
  return (index.consumers.get(value) ?? []).every(
    (c) => c.opType === "Transpose" || LAYOUT_AGNOSTIC.has(c.opType),
  );
}

function tryPush(node: NodeIR, index: GraphIndex, graph: GraphIR): boolean {
  if (!LAYOUT_AGNOSTIC.has(node.opType) || node.outputs.length !== 1) return false;
  let perm: number[] | undefined;
  const transposed = new Map<number, string>();
  node.inputs.forEach((input, position) => {
    const producer = index.producer.get(input);
    const p = producer && permOf(producer);
    if (!producer || !p || !allReadersCanAbsorb(input, index)) return;
    if (perm === undefined) perm = p;
    if (p.length === perm.length && p.every((v, i) => v === perm?.[i]))
      transposed.set(position, producer.inputs[0] as string);
  });
  if (perm === undefined || transposed.size === 0) return false;
  const added: GraphIR["initializers"] = [];
  const saved = { inputs: [...node.inputs], attributes: { ...node.attributes } };
  const result = pushTransposeThrough(node, {
    index,
    perm,
    transposed,
    addInitializer: (init) => added.push(init),
  });
  if (!result) {
    node.inputs = saved.inputs;
    node.attributes = saved.attributes;
    return false;
  }
  graph.initializers.push(...added);
  const output = node.outputs[0] as string;
  if (isIdentityPerm(result.perm)) return true;
  const moved = index.freshName(output);
  node.outputs = [moved];
  graph.nodes.push({
    opType: "Transpose",
    name: index.freshName(`${node.name}/transpose`),
    inputs: [moved],
    outputs: [output],
    attributes: { perm: attr.ints(result.perm) },
  });
  return true;
}

/** Applies the rules until none applies; returns whether anything changed. */
export function optimizeTransposes(graph: GraphIR): boolean {
  let changedAny = false;
  for (let guard = 0; guard < 100000; guard++) {
    const index = new GraphIndex(graph);
    let changed = false;
    for (const node of graph.nodes) {
      changed = node.opType === "Transpose" ? simplifyTranspose(node, index) : tryPush(node, index, graph);
      if (changed) break;
    }
    if (!changed) return changedAny;
    changedAny = true;
  }
  throw new Error("transpose optimisation did not converge");
}
