// bench/echo-prefix.mjs — container echo's cost alone: LinePrefixer over 200 MB of 100-byte
// lines in 64 KiB chunks (what a pipe read hands it), under graced's own V8 flags (bin/graced's;
// the script runs itself again under them). No supervisord figure: it has no prefixed echo.
// Usage: pnpm build && node bench/echo-prefix.mjs [--json]
// (--json: one line {"mbps": median, "runs": [...]}, for `pnpm bench`.)
import { spawnSync } from "node:child_process";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { gracedNodeFlags } from "./lib/graced-flags.mjs";

const flags = gracedNodeFlags();
if (!flags.every((f) => process.execArgv.includes(f))) {
  const self = spawnSync(process.execPath, [...flags, fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: "inherit" });
  process.exit(self.status ?? 1);
}
const { LinePrefixer } = await import("../packages/daemon/dist/logs/line-prefixer.js");

const CHUNK = 64 * 1024;
const CHUNKS = 3000;
const line = Buffer.from(`0000000042 ${"x".repeat(88)}\n`);
const chunk = Buffer.concat(Array(Math.ceil(CHUNK / line.length)).fill(line)).subarray(0, CHUNK);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const rates = [];
for (let round = 0; round < 5; round++) {
  const prefixer = new LinePrefixer("flood");
  const t0 = performance.now();
  let out = 0;
  for (let i = 0; i < CHUNKS; i++) out += prefixer.push(Buffer.from(chunk))?.length ?? 0;
  rates.push((CHUNKS * CHUNK) / 1e6 / ((performance.now() - t0) / 1000));
  if (out < CHUNKS * CHUNK) throw new Error("the prefixed output is shorter than the input");
}
if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ mbps: median(rates), runs: rates }));
} else {
  console.log(`echo prefix: ${((CHUNKS * CHUNK) / 1e6).toFixed(0)} MB in 64 KiB chunks of 100-byte lines, graced's V8 flags`);
  console.log(`${new Date().toISOString()}  ${cpus().length} cores, node ${process.version}`);
  console.log(`median of 5: ${median(rates).toFixed(0)} MB/s (runs: ${rates.map((r) => r.toFixed(0)).join(", ")})`);
}
