import { availableParallelism } from "node:os";

/**
 * In flight at once: sharp decodes on libuv's thread pool (4 threads by default), so a few more tasks
 * than cores keep every core busy while others wait on the disk. Measured loading 300 512×512 JPEGs on 2
 * cores: 2 in flight used ~1 core; 4 or 8 in flight, with sharp.concurrency 1 or 2 (libvips threads per
 * image) and UV_THREADPOOL_SIZE 2 or 4, all cost the same 3.0–3.5 ms of CPU an image at ~1.75 cores, so
 * tslab-ml leaves sharp's global settings alone.
 */
export const DEFAULT_CONCURRENCY = Math.max(4, availableParallelism() * 2);

/**
 * Runs `task` on every index in [0, count) with at most `limit` running at once; resolves when all did.
 * After a task throws (an interrupt, a bad file) no new task starts; the call rejects with that first
 * error once the tasks in flight have settled, so nothing of it keeps running.
 */
export async function forEachConcurrent(
  count: number,
  limit: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (next < count && !failure) {
      const index = next++;
      try {
        await task(index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  if (failure) throw failure.error;
}
