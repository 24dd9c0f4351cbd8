import { availableParallelism } from "node:os";

/**
 * In flight at once: sharp decodes on libuv's thread pool (4 threads by default), so a few more tasks
 * than cores keep every core busy while others wait on the disk.
 */
export const DEFAULT_CONCURRENCY = Math.max(4, availableParallelism() * 2);

/** Runs `task` on every index in [0, count) with at most `limit` running at once; resolves when all did. */
export async function forEachConcurrent(
  count: number,
  limit: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
}
