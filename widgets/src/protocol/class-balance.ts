/**
 * State of the class-balance table (`classBalance`): images per class in one or more datasets side by
 * side, e.g. a dataset before and after `stratifiedSubset`.
 */
export interface ClassBalanceState {
  title: string;
  class_names: string[];
  /** One column per dataset: its name and its count per class (indexed like class_names). */
  columns: ClassBalanceColumn[];
}

// Object types are `type` aliases, not interfaces, so that they fit the widget state's JSON value type.
export type ClassBalanceColumn = { name: string; counts: number[] };
