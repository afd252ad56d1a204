import { execFile } from "node:child_process";
import { join } from "node:path";

const SCRIPT = join(import.meta.dirname, "../echo-prefix.mjs");

export default {
  id: "echo-prefix",
  order: 70,
  script: "echo-prefix.mjs",
  title: "container echo: `name | line` prefixing alone",
  about:
    "graced's container echo prefixes every line with the program's name; this times that code alone (LinePrefixer over " +
    "200 MB in 64 KiB chunks, graced's V8 flags, median of 5 passes). supervisord has no prefixed echo, so grace only.",
  daemons: ["grace"],
  // in a child process, which runs under graced's V8 flags (bin/graced's)
  measure: () =>
    new Promise((resolve, reject) =>
      execFile(process.execPath, [SCRIPT, "--json"], (err, stdout) => (err ? reject(err) : resolve({ mbps: JSON.parse(stdout).mbps }))),
    ),
  rows: [{ label: "container echo: `name | line` prefixing alone", figure: "mbps", unit: "MB/s", digits: 0, ratio: false }],
};
