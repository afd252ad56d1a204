// Why a scenario cannot run here, or undefined when it can.
import { spawnSync } from "node:child_process";

/** PID-namespace scenarios: root and util-linux's unshare. */
export function needsRootAndUnshare() {
  if (process.getuid?.() !== 0) return "needs root (unshare --pid)";
  if (spawnSync("sh", ["-c", "command -v unshare"], { stdio: "ignore" }).status !== 0) return "needs unshare (util-linux)";
  return undefined;
}
