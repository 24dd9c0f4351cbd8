import { s, type Infer, type ObjectSchema, type Shape } from "./schema";

/**
 * One widget's contract between kernel and frontend: the model and view class names and the state schema.
 * The kernel class builds its state as `StateOf<contract>` and the view reads it through the same type,
 * so a key renamed or retyped on one side fails to compile on the other.
 */
export interface WidgetContract<S extends Shape = Shape> {
  /** Model class name in the widget module (`_model_name`). */
  readonly model: string;
  /** View class name in the widget module (`_view_name`). */
  readonly view: string;
  /** The state the kernel sends and the view reads, checked on arrival. */
  readonly state: ObjectSchema<S>;
  /** The keys a frontend may change (a click that selects an image); the kernel checks them against the schema. */
  readonly writable: readonly (keyof S & string)[];
}

/** The state type of a contract. */
export type StateOf<C extends WidgetContract> = Infer<C["state"]>;

/** Declares a widget; `writable` defaults to none. */
export function defineWidget<const S extends Shape>(contract: {
  model: string;
  view: string;
  state: ObjectSchema<S>;
  writable?: readonly (keyof S & string)[];
}): WidgetContract<S> {
  return { ...contract, writable: contract.writable ?? [] };
}

/** State keys every tslab-ml widget model carries besides its own (the widget protocol's identification). */
export const modelIdentity = s.object({
  _model_module: s.string(),
  _model_module_version: s.string(),
  _model_name: s.string(),
  _view_module: s.string(),
  _view_module_version: s.string(),
  _view_name: s.string(),
  _view_count: s.integer().nullable(),
  /** The kernel package's version, so a view can name both when they differ. */
  _tslab_ml_version: s.string().optional(),
});
export type ModelIdentity = Infer<typeof modelIdentity>;
