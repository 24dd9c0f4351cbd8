import * as protobuf from "protobufjs";
import { irVersionFor } from "../opset";
import type {
  Attribute,
  Dim,
  ElemType,
  GraphIR,
  InitializerIR,
  ModelIR,
  NodeIR,
  ValueInfoIR,
} from "../ir/types";
import { ONNX_SCHEMA } from "./onnx-schema";

const root = protobuf.Root.fromJSON(ONNX_SCHEMA);
const ModelProto = root.lookupType("onnx.ModelProto");

/** TensorProto.DataType codes. */
const DATA_TYPE: Record<ElemType, number> = { float32: 1, int32: 6, int64: 7, bool: 9, float64: 11 };

/** AttributeProto.AttributeType codes. */
const ATTRIBUTE_TYPE: Record<Attribute["kind"], number> = {
  float: 1,
  int: 2,
  string: 3,
  floats: 6,
  ints: 7,
  strings: 8,
  graph: 5,
};

const utf8 = new TextEncoder();

function encodeAttribute(name: string, a: Attribute): Record<string, unknown> {
  const out: Record<string, unknown> = { name, type: ATTRIBUTE_TYPE[a.kind] };
  switch (a.kind) {
    case "float":
      out.f = a.value;
      break;
    case "int":
      out.i = a.value;
      break;
    case "string":
      out.s = utf8.encode(a.value);
      break;
    case "floats":
      out.floats = [...a.value];
      break;
    case "ints":
      out.ints = [...a.value];
      break;
    case "strings":
      out.strings = a.value.map((s) => utf8.encode(s));
      break;
    case "graph":
      out.g = encodeGraph(a.value);
      break;
  }
  return out;
}

function encodeNode(n: NodeIR): Record<string, unknown> {
  return {
    input: n.inputs,
    output: n.outputs,
    name: n.name,
    opType: n.opType,
    attribute: Object.entries(n.attributes).map(([k, v]) => encodeAttribute(k, v)),
  };
}

/** Raw little-endian bytes of the tensor data (every platform Node runs on here is little-endian). */
function rawBytes(init: InitializerIR): Uint8Array {
  const d = init.data;
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

function encodeInitializer(init: InitializerIR): Record<string, unknown> {
  return {
    name: init.name,
    dims: [...init.dims],
    dataType: DATA_TYPE[init.elemType],
    rawData: rawBytes(init),
  };
}

function encodeDim(d: Dim): Record<string, unknown> {
  return typeof d === "number" ? { dimValue: d } : { dimParam: d };
}

function encodeValueInfo(v: ValueInfoIR): Record<string, unknown> {
  return {
    name: v.name,
    type: { tensorType: { elemType: DATA_TYPE[v.elemType], shape: { dim: v.shape.map(encodeDim) } } },
  };
}

function encodeGraph(g: GraphIR): Record<string, unknown> {
  return {
    name: g.name,
    node: g.nodes.map(encodeNode),
    initializer: g.initializers.map(encodeInitializer),
    input: g.inputs.map(encodeValueInfo),
    output: g.outputs.map(encodeValueInfo),
  };
}

/** Serialises a model to the ONNX protobuf wire format. */
export function encodeModel(model: ModelIR): Uint8Array {
  const message = ModelProto.fromObject({
    irVersion: irVersionFor(model.opset),
    opsetImport: [{ domain: "", version: model.opset }],
    producerName: model.producerName,
    producerVersion: model.producerVersion,
    docString: model.docString,
    modelVersion: 1,
    metadataProps: Object.entries(model.metadata).map(([key, value]) => ({ key, value })),
    graph: encodeGraph(model.graph),
  });
  return ModelProto.encode(message).finish();
}
