import type { ReadyCheck } from "../config/model.js";
import type { ProbeResult } from "./deadline.js";
import type { ExecOptions } from "./exec.js";
import { LogWatch } from "./log.js";
import { nextProbeDelayMs, runProbe } from "./probe.js";

/**
 * The readiness of one run of a program (issue 14): probes its `ready_check` from the spawn
 * until one passes, and reports every result; `log:` checks instead watch the output it is fed.
 * The overall limit (`ready_startsecs`) is the engine's timer, not this runner's: the runner
 * only probes until it succeeds or is cancelled (the run ended, a stop came).
 */
export type RunnerOptions = {
  check: ReadyCheck;
  intervalMs: number;
  timeoutMs: number;
  /** Where an `exec:` check runs and as whom; the directory of a `file:` check too. */
  exec?: Omit<ExecOptions, "timeoutMs" | "signal">;
  /** Called for each failed probe (with why) and once for the one that passes. */
  report: (result: ProbeResult) => void;
  /** Waits between probes; the system's timers unless a test passes its own. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
};

export type Readiness = {
  /** Output of the program (either stream), for a `log:` check; ignored by the other kinds. */
  feed(stream: "stdout" | "stderr", chunk: Buffer | string): void;
  cancel(): void;
};

/** The longest a Node timer waits: a log watch waits "for ever", until cancelled. */
const FOREVER_MS = 2_147_483_647;

export function startReadiness(opts: RunnerOptions): Readiness {
  const controller = new AbortController();
  const { signal } = controller;
  if (opts.check.kind === "log") return watchLog(opts.check.pattern, opts.report, controller);
  void probeLoop(opts, signal);
  return { feed: () => {}, cancel: () => controller.abort() };
}

async function probeLoop(opts: RunnerOptions, signal: AbortSignal): Promise<void> {
  const sleep = opts.sleep ?? abortableSleep;
  for (let attempt = 0; !signal.aborted; attempt++) {
    const delay = nextProbeDelayMs(attempt, opts.intervalMs);
    if (delay > 0) await sleep(delay, signal);
    if (signal.aborted) return;
    const result = await runProbe(opts.check, { ...opts.exec, timeoutMs: opts.timeoutMs, signal });
    // a cancel during the probe: the run it judged is over, its result means nothing now
    if (signal.aborted) return;
    opts.report(result);
    if (result.ok) return;
  }
}

/**
 * One watch per stream: each has its own partial line and UTF-8 decoder, so a line half on
 * stdout and half on stderr never joins up into a false match.
 */
function watchLog(pattern: string, report: RunnerOptions["report"], controller: AbortController): Readiness {
  const watches = { stdout: new LogWatch(pattern), stderr: new LogWatch(pattern) };
  // said after the caller has the runner in hand, never from inside its own call
  void Promise.resolve().then(() => {
    if (!controller.signal.aborted) report({ ok: false, reason: `no line matched /${pattern}/ yet` });
  });
  let done = false;
  for (const w of Object.values(watches)) {
    void w.wait({ timeoutMs: FOREVER_MS, signal: controller.signal }).then((r) => {
      if (!r.ok || done || controller.signal.aborted) return;
      done = true;
      controller.abort(); // the other stream's wait ends too
      report(r);
    });
  }
  return {
    feed: (stream, chunk) => {
      if (!done) watches[stream].feed(chunk);
    },
    cancel: () => controller.abort(),
  };
}

function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
