// Child process of hostile-images.test.ts: loads the folder in argv[2] (options as JSON in argv[3]) in a
// fresh process and prints the peak RSS growth the load caused, with what was loaded and skipped.
import { loadImageFolder } from "../../src/data/load-image-folder";

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[3] ?? "{}");
  const before = process.resourceUsage().maxRSS;
  const ds = await loadImageFolder(process.argv[2] as string, { ...options, progress: false });
  const after = process.resourceUsage().maxRSS;
  process.stdout.write(
    JSON.stringify({
      peakGrowthBytes: (after - before) * 1024,
      length: ds.length,
      imageShape: ds.imageShape,
      skipped: ds.skipped,
    }),
  );
}

void main();
