// The V8 flags bin/graced gives Node, read from its exec line: for benches that time graced's
// code outside graced, under the same flags.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function gracedNodeFlags() {
  const exec = readFileSync(join(import.meta.dirname, "../../bin/graced"), "utf8")
    .split("\n")
    .find((l) => l.includes("exec node"));
  if (!exec) throw new Error("bin/graced has no `exec node …` line");
  return exec.split(/\s+/).filter((w) => w.startsWith("--"));
}
