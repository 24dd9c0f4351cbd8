import type { WidgetContract } from "./contract";
import * as contracts from "./widgets";

/** Every widget's contract by kind: the one list the kernel, the views and the docs go by. */
export const WIDGETS = contracts;
export type WidgetKind = keyof typeof WIDGETS;

/** The kinds, in registry order. */
export const WIDGET_KINDS = Object.keys(WIDGETS) as WidgetKind[];

/** The contract whose model class is `modelName`, for a saved state that names only the class. */
export function contractOfModel(modelName: string): WidgetContract | undefined {
  return Object.values(WIDGETS).find((c: WidgetContract) => c.model === modelName);
}
