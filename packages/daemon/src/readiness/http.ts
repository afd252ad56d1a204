import { fail, type ProbeOptions, type ProbeResult, settleOnce } from "./deadline.js";
import { describeError } from "./tcp.js";

/**
 * `http://HOST:PORT/PATH`: ready when a GET answers 2xx or 3xx (a redirect is an answer: the
 * server is up). The body is never read; the connection is not kept alive.
 */
export async function probeHttp(host: string, port: number, path: string, opts: ProbeOptions): Promise<ProbeResult> {
  // node:http is loaded by the first http check, not at graced's start (1 MB of idle RSS)
  const { request } = await import("node:http");
  return settleOnce(opts, (d, finish) => {
    const req = request({ host, port, path, method: "GET", agent: false, headers: { "user-agent": "graced-ready-check" } }, (res) => {
      const status = res.statusCode ?? 0;
      res.destroy();
      req.destroy();
      finish(status >= 200 && status < 400 ? { ok: true } : fail(`GET ${path}: HTTP ${status}`));
    });
    req.once("error", (e: NodeJS.ErrnoException) => finish(fail(`GET ${path}: ${describeError(e)}`)));
    d.signal.addEventListener(
      "abort",
      () => {
        req.destroy();
        finish(fail(`GET ${path}: ${d.reason()}`));
      },
      { once: true },
    );
    req.end();
  });
}
