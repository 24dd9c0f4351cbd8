import type { LayerCall } from "../convert/layer-call";
import { attr } from "../ir/attributes";
import { registerBuiltinConverter } from "../registry";

/** Rescaling (CenterCrop and Resizing have their own files). */

function rescaling(call: LayerCall): string {
  const b = call.builder;
  const x = call.input();
  const input = x.dtype === "float32" ? x.name : b.op("Cast", [x.name], { to: attr.int(1) }, call.hint);
  const scaled = b.op("Mul", [input, b.scalar(call.config.number("scale"))], {}, call.hint);
  return b.op("Add", [scaled, b.scalar(call.config.number("offset", 0))], {}, call.hint);
}

const family = "Preprocessing";
registerBuiltinConverter("Rescaling", rescaling, { family, notes: "scale and offset" });
