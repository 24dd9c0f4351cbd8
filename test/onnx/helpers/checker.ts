import { spawnSync } from "node:child_process";

/** Debian's python3-onnx (1.12) knows opsets up to 17; newer files are checked by onnxruntime only. */
export const CHECKER_MAX_OPSET = 17;

const SCRIPT = `
import sys, json, onnx
failures = {}
for path in sys.argv[1:]:
    try:
        onnx.checker.check_model(onnx.load(path), full_check=True)
    except Exception as e:
        failures[path] = str(e)
print(json.dumps(failures))
`;

/** Runs onnx.checker.check_model(full_check=True) on many files in one python process; returns failures by path. */
export function checkOnnxFiles(paths: readonly string[]): Record<string, string> {
  if (paths.length === 0) return {};
  const r = spawnSync("/usr/bin/python3", ["-c", SCRIPT, ...paths], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`python onnx checker failed to run: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "{}") as Record<string, string>;
}
