import type { Attribute, ElemType, InitializerIR, NodeIR, TensorData, ValueInfoIR } from "../ir/types";

/** What a graph shares with its subgraphs: one name space and one set of initializers (the outer graph's). */
interface SharedState {
  readonly usedNames: Set<string>;
  readonly initializers: InitializerIR[];
  readonly cachedInitializers: Map<string, string>;
}

/**
 * Collects the nodes and initializers of one ONNX graph. Names are made unique here so that converters
 * can name things after their layer without worrying about clashes (shared layers, nested models).
 */
export class OnnxGraphBuilder {
  readonly nodes: NodeIR[] = [];
  readonly inputs: ValueInfoIR[] = [];
  readonly outputs: ValueInfoIR[] = [];
  private readonly shared: SharedState;

  constructor(
    readonly opset: number,
    shared?: SharedState,
  ) {
    this.shared = shared ?? { usedNames: new Set(), initializers: [], cachedInitializers: new Map() };
  }

  /** Initializers of the outermost graph (subgraphs read them from the outer scope). */
  get initializers(): InitializerIR[] {
    return this.shared.initializers;
  }

  /**
   * A builder for a subgraph (a Scan body): its own nodes, inputs and outputs, but names unique across the
   * whole model and constants/weights stored once in the outer graph, which ONNX subgraphs may read.
   */
  subgraph(): OnnxGraphBuilder {
    return new OnnxGraphBuilder(this.opset, this.shared);
  }

  /** A name not used yet in this graph, derived from `base`. */
  uniqueName(base: string): string {
    const clean = base.length > 0 ? base : "value";
    if (!this.shared.usedNames.has(clean)) {
      this.shared.usedNames.add(clean);
      return clean;
    }
    for (let i = 1; ; i++) {
      const candidate = `${clean}_${i}`;
      if (!this.shared.usedNames.has(candidate)) {
        this.shared.usedNames.add(candidate);
        return candidate;
      }
    }
  }

  /** Reserves an exact name (graph inputs and outputs keep the names users see). */
  reserveName(name: string): string {
    if (this.shared.usedNames.has(name)) throw new Error(`ONNX value name "${name}" is already used`);
    this.shared.usedNames.add(name);
    return name;
  }

  /** Adds a node with `outputCount` fresh outputs named after `nameHint`; returns the output names. */
  addNode(
    opType: string,
    inputs: readonly string[],
    attributes: Record<string, Attribute> = {},
    nameHint: string = opType,
    outputCount = 1,
  ): string[] {
    const nodeName = this.uniqueName(`${nameHint}/${opType}`);
    const outputs: string[] = [];
    for (let i = 0; i < outputCount; i++)
      outputs.push(this.uniqueName(outputCount === 1 ? nodeName : `${nodeName}:${i}`));
    this.nodes.push({ opType, name: nodeName, inputs: [...inputs], outputs, attributes });
    return outputs;
  }

  /** Adds a node with one output and returns its name. */
  op(
    opType: string,
    inputs: readonly string[],
    attributes: Record<string, Attribute> = {},
    nameHint?: string,
  ): string {
    return this.addNode(opType, inputs, attributes, nameHint ?? opType, 1)[0] as string;
  }

  /** Adds an initializer; returns its (unique) name. */
  addInitializer(nameHint: string, elemType: ElemType, dims: readonly number[], data: TensorData): string {
    const name = this.uniqueName(nameHint);
    this.shared.initializers.push({ name, elemType, dims: [...dims], data });
    return name;
  }

  /**
   * An initializer built once per `key`: weights of shared layers and repeated small constants are
   * stored a single time however often they are used.
   */
  cachedInitializer(
    key: string,
    make: () => { nameHint: string; elemType: ElemType; dims: readonly number[]; data: TensorData },
  ): string {
    const hit = this.shared.cachedInitializers.get(key);
    if (hit !== undefined) return hit;
    const t = make();
    const name = this.addInitializer(t.nameHint, t.elemType, t.dims, t.data);
    this.shared.cachedInitializers.set(key, name);
    return name;
  }

  /** An int64 constant (shapes, axes, pads...), shared between all uses of the same values. */
  int64(values: readonly number[], dims: readonly number[] = [values.length]): string {
    return this.cachedInitializer(`i64:${dims.join("x")}:${values.join(",")}`, () => ({
      nameHint: "const_i64",
      elemType: "int64",
      dims,
      data: BigInt64Array.from(values, (v) => BigInt(v)),
    }));
  }

  /** A float32 constant, shared between all uses of the same values. */
  float32(values: readonly number[], dims: readonly number[] = [values.length]): string {
    const f = Float32Array.from(values);
    return this.cachedInitializer(`f32:${dims.join("x")}:${Array.from(f).join(",")}`, () => ({
      nameHint: "const_f32",
      elemType: "float32",
      dims,
      data: f,
    }));
  }

  /** A float32 scalar (rank 0) constant. */
  scalar(value: number): string {
    return this.float32([value], []);
  }
}
