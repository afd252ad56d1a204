/**
 * What every probe shares (issue 14): a result that says why not, and one AbortSignal that ends
 * at the probe's timeout or when the caller's signal aborts (a program stopped while probed),
 * whichever comes first. The timer is cleared when the probe settles.
 */
export type ProbeResult = { ok: true } | { ok: false; reason: string };

export type ProbeOptions = { timeoutMs: number; signal?: AbortSignal };

export const fail = (reason: string): ProbeResult => ({ ok: false, reason });

export type Deadline = { signal: AbortSignal; reason(): string; dispose(): void };

export function deadline(opts: ProbeOptions): Deadline {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(
    () => {
      timedOut = true;
      controller.abort();
    },
    Math.max(0, opts.timeoutMs),
  );
  const onAbort = () => controller.abort();
  if (opts.signal?.aborted) controller.abort();
  else opts.signal?.addEventListener("abort", onAbort, { once: true });
  return {
    signal: controller.signal,
    reason: () => (timedOut ? `no answer within ${opts.timeoutMs} ms` : "aborted"),
    dispose: () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
    },
  };
}

/**
 * Run `body` with a deadline; the first result it gives is the result, and the deadline is then
 * disposed. The body listens to `d.signal` itself: a probe that owns a process settles only
 * once the process is reaped, not the moment the time is up.
 */
export function settleOnce(opts: ProbeOptions, body: (d: Deadline, finish: (r: ProbeResult) => void) => void): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const d = deadline(opts);
    let settled = false;
    const finish = (r: ProbeResult) => {
      if (settled) return;
      settled = true;
      d.dispose();
      resolve(r);
    };
    if (d.signal.aborted) return finish(fail(d.reason()));
    body(d, finish);
  });
}
