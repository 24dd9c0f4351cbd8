import { tslabTypeScript } from "../tslab-typescript";

interface WatchSys {
  watchDirectory?: (...args: unknown[]) => { close(): void };
}

let quieted = false;

/**
 * tslab's converter keeps a single fake timer slot and throws "Unexpected pending rebuildTimer" when
 * TypeScript's directory watchers (failed module lookups, type roots) schedule a second timer — which
 * happens when files appear next to the notebook or under node_modules while the kernel idles, and leaves
 * every later cell failing. Directory watching only serves to notice newly installed packages: without it
 * they are seen after a kernel restart, and edits to existing files are still picked up.
 */
export function quietDirectoryWatching(): void {
  if (quieted) return;
  quieted = true;
  const ts = tslabTypeScript<{ sys: WatchSys }>();
  ts.sys.watchDirectory = () => ({ close() {} });
}
