import { defineWidget, type StateOf } from "../contract";
import { s, type Infer } from "../schema";

const column = s.object({ name: s.string(), counts: s.array(s.integer()) });
export type ClassBalanceColumn = Infer<typeof column>;

/** Images per class in one or more datasets side by side (`classBalance`), e.g. before and after a subset. */
export const classBalance = defineWidget({
  model: "ClassBalanceModel",
  view: "ClassBalanceView",
  state: s.object({
    title: s.string(),
    class_names: s.array(s.string()),
    /** One column per dataset: its name and its count per class (indexed like class_names). */
    columns: s.array(column),
  }),
});
export type ClassBalanceState = StateOf<typeof classBalance>;
