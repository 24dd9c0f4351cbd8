import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { before, test } from "node:test";
import type { JsonObject, Message } from "../../kernel-ext/src/jupyter/messages";
import { KernelClient, REPO_ROOT } from "../support/kernel-client";

// A notebook written against tslab's documented public module, run on plain tslab and on tslab-ml.
const NOTEBOOK = join(__dirname, "fixtures", "tslab-api.ipynb");
const TSLAB_BIN = join(REPO_ROOT, "node_modules", "tslab", "bin", "tslab");

interface Output {
  type: string;
  data?: JsonObject;
  displayId?: string;
  text?: string;
}

function codeCells(): string[] {
  const notebook = JSON.parse(readFileSync(NOTEBOOK, "utf8")) as {
    cells: { cell_type: string; source: string[] }[];
  };
  return notebook.cells.filter((c) => c.cell_type === "code").map((c) => c.source.join(""));
}

/** A cell's outputs as a frontend keeps them: display ids renamed by order of appearance (they are random). */
function outputsOf(messages: Message[], ids: Map<string, string>): Output[] {
  const out: Output[] = [];
  for (const m of messages) {
    const type = m.header.msg_type;
    if (type === "stream") {
      const last = out.at(-1);
      // Stream chunking is the kernel's business; the text is what counts.
      if (last?.type === "stream") last.text += String(m.content.text);
      else out.push({ type, text: String(m.content.text) });
    } else if (type === "display_data" || type === "update_display_data" || type === "error") {
      const id = (m.content.transient as { display_id?: string } | undefined)?.display_id;
      if (id !== undefined && !ids.has(id)) ids.set(id, `display-${ids.size}`);
      out.push({ type, data: m.content.data as JsonObject, displayId: id && ids.get(id) });
    }
  }
  return out;
}

async function runNotebook(kernel: KernelClient): Promise<{ statuses: unknown[]; outputs: Output[][] }> {
  const ids = new Map<string, string>();
  const statuses: unknown[] = [];
  const outputs: Output[][] = [];
  for (const code of codeCells()) {
    const { reply, outputs: messages } = await kernel.execute(code);
    statuses.push(reply.content.status);
    outputs.push(outputsOf(messages, ids));
  }
  return { statuses, outputs };
}

let tslab: { statuses: unknown[]; outputs: Output[][] };
let tslabMl: { statuses: unknown[]; outputs: Output[][] };

before(async () => {
  // One kernel at a time: both are heavy to start on a shared machine.
  const peer = await KernelClient.start({ argv: (f) => [TSLAB_BIN, "kernel", "--config-path", f] });
  try {
    await peer.ready();
    tslab = await runNotebook(peer);
  } finally {
    await peer.stop();
  }
  const ours = await KernelClient.start();
  try {
    await ours.ready();
    tslabMl = await runNotebook(ours);
  } finally {
    await ours.stop();
  }
});

test("the notebook runs without errors on plain tslab (the reference is real)", () => {
  assert.deepEqual(
    tslab.statuses,
    codeCells().map(() => "ok"),
  );
  const displays = tslab.outputs.flat().filter((o) => o.type === "display_data");
  assert.ok(displays.length >= 10, JSON.stringify(tslab.outputs));
});

test("every cell gives tslab's outputs on tslab-ml: same types, same data, same display ids", () => {
  assert.deepEqual(tslabMl.statuses, tslab.statuses);
  codeCells().forEach((code, i) => {
    assert.deepEqual(tslabMl.outputs[i], tslab.outputs[i], `cell ${i}:\n${code}`);
  });
});

test("tslab's display API sends what its docs promise (checked on tslab-ml)", () => {
  const [, rich, binary, progress, twoDisplays, versions] = tslabMl.outputs;
  assert.deepEqual(
    rich!.map((o) => Object.keys(o.data ?? {})),
    [["text/html"], ["text/markdown"], ["image/svg+xml"], ["text/plain"]],
  );
  assert.deepEqual(binary![0]!.data, {
    "image/png": Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]).toString("base64"),
  });
  assert.deepEqual(binary![1]!.data, { "image/jpeg": "/9j/2Q==" });
  assert.deepEqual(binary![2]!.data, { "text/csv": "a,b\n1,2" });
  // newDisplay: one display_data with its id, then update_display_data for the same id.
  assert.deepEqual(
    progress!.map((o) => [o.type, o.displayId]),
    [
      ["display_data", "display-0"],
      ["update_display_data", "display-0"],
      ["update_display_data", "display-0"],
    ],
  );
  assert.deepEqual(progress!.at(-1)!.data, { "text/markdown": "**done**" });
  assert.deepEqual(
    twoDisplays!.map((o) => `${o.type} ${o.displayId} ${String(o.data?.["text/plain"])}`),
    [
      "display_data display-1 a 0",
      "display_data display-2 b 0",
      "update_display_data display-1 a 1",
      "update_display_data display-2 b 1",
      "update_display_data display-1 a 2",
      "update_display_data display-2 b 2",
    ],
  );
  assert.match(versions![0]!.text ?? "", /^tslab 1\.0\.\d+, TypeScript 5\.\d+\.\d+, Node v\d+/);
});
