// Child process of atomic-write.test.ts: starts writeFileAtomically(argv[2]) and stops inside it (the
// temporary file written, not yet renamed), printing the temporary path; a line on stdin then lets it
// commit. With argv[3] === "interruptible", it also has a SIGINT listener of its own, as the kernel does.
import { createInterface } from "node:readline";
import { writeFileAtomically } from "../../src/util/atomic-write";

if (process.argv[3] === "interruptible") process.on("SIGINT", () => process.stdout.write("interrupted\n"));

const lines = createInterface({ input: process.stdin });
void writeFileAtomically(process.argv[2] as string, Buffer.alloc(1 << 20, 7), (temporary) => {
  process.stdout.write(`writing ${temporary}\n`);
  return new Promise<void>((resolve) => lines.once("line", () => resolve()));
}).then(() => {
  process.stdout.write("committed\n");
  lines.close();
});
