import { s, type Infer } from "../schema";

// Not a widget: the verdict shape the gradient monitor and the model summary share. Exported from this
// folder's index as a type only, so the registry (the index's values) holds contracts alone.
/** One verdict as the widgets show it. */
export const verdict = s.object({
  layer: s.string(),
  kind: s.string(),
  step: s.integer(),
  evidence: s.string(),
  cures: s.array(s.string()),
});
export type VerdictState = Infer<typeof verdict>;
