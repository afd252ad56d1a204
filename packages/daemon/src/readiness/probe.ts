import type { ReadyCheck } from "../config/model.js";
import type { ProbeResult } from "./deadline.js";
import { type ExecOptions, probeExec } from "./exec.js";
import { probeFile } from "./file.js";
import { probeHttp } from "./http.js";
import type { LogWatch } from "./log.js";
import { probeTcp } from "./tcp.js";

/**
 * One probe of a program's `ready_check` (issue 14). A `log:` check has no probe to repeat:
 * the engine feeds the program's output to a LogWatch and waits on it (`log` here).
 */
export type RunProbeOptions = ExecOptions & { log?: LogWatch };

export function runProbe(check: ReadyCheck, opts: RunProbeOptions): Promise<ProbeResult> {
  switch (check.kind) {
    case "tcp":
      return probeTcp(check.host, check.port, opts);
    case "http":
      return probeHttp(check.host, check.port, check.path, opts);
    case "exec":
      return probeExec(check.command, opts);
    case "file":
      return probeFile(check.path, opts);
    case "log":
      if (opts.log === undefined) return Promise.resolve({ ok: false, reason: "a log: check needs the program's output" });
      return opts.log.wait(opts);
  }
}

/**
 * When to probe again: at once, then after 50, 100, 200 … ms up to `ready_interval`, so a
 * program that is ready in 80 ms is not held up by a 1 s interval, and one that takes a minute
 * is probed at the interval.
 */
export const FIRST_RETRY_MS = 50;

export function nextProbeDelayMs(attempt: number, intervalMs: number): number {
  if (attempt <= 0) return 0;
  return Math.min(intervalMs, FIRST_RETRY_MS * 2 ** Math.min(attempt - 1, 30));
}

/** How status and `--json` say it: `ready`, or `not ready: connection refused`. */
export function readinessText(ready: boolean, lastFailure: string | null): string {
  return ready ? "ready" : `not ready${lastFailure ? `: ${lastFailure}` : ""}`;
}
