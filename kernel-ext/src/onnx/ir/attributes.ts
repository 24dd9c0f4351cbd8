import type { Attribute, GraphIR } from "./types";

/** Attribute constructors: ONNX distinguishes int and float attributes, JavaScript numbers do not. */
export const attr = {
  int: (value: number): Attribute => ({ kind: "int", value }),
  float: (value: number): Attribute => ({ kind: "float", value }),
  string: (value: string): Attribute => ({ kind: "string", value }),
  ints: (value: readonly number[]): Attribute => ({ kind: "ints", value }),
  floats: (value: readonly number[]): Attribute => ({ kind: "floats", value }),
  strings: (value: readonly string[]): Attribute => ({ kind: "strings", value }),
  graph: (value: GraphIR): Attribute => ({ kind: "graph", value }),
};
