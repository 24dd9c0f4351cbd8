import { parentPort, workerData } from "node:worker_threads";
import { Reply } from "zeromq";

/**
 * Heartbeat echo on its own thread: a cell running a long synchronous loop blocks the main event loop, and
 * the frontend must still see the kernel alive. Closed on a "close" message: terminating a thread with an
 * open zeromq socket aborts the process.
 */
async function echo(address: string): Promise<void> {
  const socket = new Reply({ linger: 0 });
  await socket.bind(address);
  parentPort?.on("message", (m) => {
    if (m === "close") {
      socket.close();
      parentPort?.close();
    }
  });
  parentPort?.postMessage("ready");
  try {
    for await (const frames of socket) await socket.send(frames);
  } catch {
    // Closed while waiting: the normal way out.
  }
}

void echo((workerData as { address: string }).address).catch((e: unknown) => {
  parentPort?.postMessage(`heartbeat failed: ${(e as Error).message}`);
});
