import { stat } from "node:fs";
import { resolve } from "node:path";
import { fail, type ProbeOptions, type ProbeResult, settleOnce } from "./deadline.js";

/** `file:PATH`: ready when the path exists (a file, socket or directory); relative to `cwd`, the program's directory. */
export function probeFile(path: string, opts: ProbeOptions & { cwd?: string }): Promise<ProbeResult> {
  const full = resolve(opts.cwd ?? process.cwd(), path);
  return settleOnce(opts, (d, finish) => {
    // a stat on a hung network mount never answers: the deadline settles the probe anyway
    d.signal.addEventListener("abort", () => finish(fail(`${full}: ${d.reason()}`)), { once: true });
    // node:fs's callback, not fs/promises: that module (and the readline it loads) costs idle RSS
    stat(full, (e) => finish(e ? fail(e.code === "ENOENT" ? `${full} does not exist` : `${full}: ${e.code ?? e.message}`) : { ok: true }));
  });
}
