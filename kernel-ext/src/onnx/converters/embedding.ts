import { reduce } from "../builder/reduce-ops";
import { squeeze } from "../builder/shape-ops";
import type { LayerCall } from "../convert/layer-call";
import type { TensorRef } from "../convert/tensor-ref";
import { attr } from "../ir/attributes";
import { registerBuiltinConverter } from "../registry";

/** Embedding and Masking: the two layers that create Keras masks. */

const INT64 = 7;
const FLOAT = 1;
const BOOL = 9;

/** Gather rows of the table at the ids (tfjs casts ids to int32, truncating toward zero like Cast). */
function embedding(call: LayerCall): TensorRef {
  const b = call.builder;
  const x = call.input();
  const ids = b.op("Cast", [x.name], { to: attr.int(INT64) }, call.hint);
  const y = b.op(
    "Gather",
    [call.initializer(call.weight("embeddings")), ids],
    { axis: attr.int(0) },
    call.hint,
  );
  const shape = call.outputShapes[0] ?? [...x.shape, null];
  if (!call.config.boolean("maskZero", false)) return { name: y, shape, dtype: "float32", mask: null };
  const mask = b.op(
    "Not",
    [
      b.op(
        "Equal",
        [
          x.name,
          x.dtype === "float32" ? b.scalar(0) : b.op("Cast", [b.scalar(0)], { to: attr.int(6) }, call.hint),
        ],
        {},
        call.hint,
      ),
    ],
    {},
    call.hint,
  );
  return { name: y, shape, dtype: "float32", mask };
}

/** Masking: zero every time step whose features all equal maskValue; the step mask travels on. */
function masking(call: LayerCall): TensorRef {
  const b = call.builder;
  const x = call.input();
  const value = call.config.number("maskValue", 0);
  const differs = b.op(
    "Cast",
    [b.op("Not", [b.op("Equal", [x.name, b.scalar(value)], {}, call.hint)], {}, call.hint)],
    { to: attr.int(FLOAT) },
    call.hint,
  );
  const keep = reduce(b, "ReduceMax", differs, [-1], true, call.hint);
  const y = b.op("Mul", [x.name, keep], {}, call.hint);
  const mask = b.op("Cast", [squeeze(b, keep, [-1], call.hint)], { to: attr.int(BOOL) }, call.hint);
  return { name: y, shape: x.shape, dtype: "float32", mask };
}

registerBuiltinConverter("Embedding", embedding, {
  family: "Embedding",
  notes: "maskZero (mask honoured by recurrent layers)",
});
registerBuiltinConverter("Masking", masking, {
  family: "Embedding",
  notes: "mask honoured by recurrent layers",
});
