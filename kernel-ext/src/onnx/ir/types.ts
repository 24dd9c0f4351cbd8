/**
 * The in-memory ONNX model the converters build: a plain, typed mirror of the onnx.proto subset we write.
 * Kept free of protobuf types so that converters and optimisation passes stay simple data transforms.
 */

/** A tensor dimension: a fixed size, or a symbolic name (ONNX `dim_param`) such as "batch". */
export type Dim = number | string;

/** Element types the exporter produces. */
export type ElemType = "float32" | "float64" | "int32" | "int64" | "bool";

export type Attribute =
  | { kind: "float"; value: number }
  | { kind: "int"; value: number }
  | { kind: "string"; value: string }
  | { kind: "floats"; value: readonly number[] }
  | { kind: "ints"; value: readonly number[] }
  | { kind: "strings"; value: readonly string[] }
  /** A subgraph (the body of Scan); it may read the outer graph's initializers by name. */
  | { kind: "graph"; value: GraphIR };

export interface NodeIR {
  opType: string;
  name: string;
  /** Value names; "" marks an omitted optional input. */
  inputs: string[];
  outputs: string[];
  attributes: Record<string, Attribute>;
}

export type TensorData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array;

export interface InitializerIR {
  name: string;
  elemType: ElemType;
  dims: readonly number[];
  data: TensorData;
}

export interface ValueInfoIR {
  name: string;
  elemType: ElemType;
  shape: readonly Dim[];
}

export interface GraphIR {
  name: string;
  nodes: NodeIR[];
  initializers: InitializerIR[];
  inputs: ValueInfoIR[];
  outputs: ValueInfoIR[];
}

export interface ModelIR {
  opset: number;
  producerName: string;
  producerVersion: string;
  docString: string;
  metadata: Record<string, string>;
  graph: GraphIR;
}
