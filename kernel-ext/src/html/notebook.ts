/** The parts of nbformat 4 an HTML export reads. */
export type MultilineString = string | string[];

export interface NotebookOutput {
  output_type: "stream" | "display_data" | "execute_result" | "error" | "update_display_data";
  name?: string;
  text?: MultilineString;
  data?: Record<string, MultilineString | object>;
  metadata?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
  traceback?: string[];
  execution_count?: number | null;
}

export interface NotebookCell {
  cell_type: "code" | "markdown" | "raw";
  source: MultilineString;
  outputs?: NotebookOutput[];
  execution_count?: number | null;
}

export interface Notebook {
  nbformat: number;
  metadata: {
    title?: string;
    kernelspec?: { display_name?: string };
    widgets?: Record<string, unknown>;
  };
  cells: NotebookCell[];
}

/** A notebook's multiline string as one string; anything else a hostile file puts there reads as "". */
export function joinText(text: MultilineString | undefined): string {
  if (typeof text === "string") return text;
  return Array.isArray(text) ? text.map(String).join("") : "";
}

export function parseNotebook(json: string, path: string): Notebook {
  let nb: unknown;
  try {
    nb = JSON.parse(json);
  } catch (e) {
    throw new Error(`${path} is not a notebook: invalid JSON (${(e as Error).message})`);
  }
  const candidate = nb as Partial<Notebook>;
  if (
    !candidate ||
    typeof candidate !== "object" ||
    !Array.isArray(candidate.cells) ||
    candidate.nbformat !== 4
  ) {
    throw new Error(`${path} is not an nbformat 4 notebook (no "cells" list or nbformat ≠ 4)`);
  }
  return { ...candidate, metadata: candidate.metadata ?? {} } as Notebook;
}
