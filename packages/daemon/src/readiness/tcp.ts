import { connect } from "node:net";
import { fail, type ProbeOptions, type ProbeResult, settleOnce } from "./deadline.js";

/** `tcp:HOST:PORT`: ready when a TCP connection is accepted; the socket is closed at once. */
export function probeTcp(host: string, port: number, opts: ProbeOptions): Promise<ProbeResult> {
  return settleOnce(opts, (d, finish) => {
    const socket = connect({ host, port });
    const done = (r: ProbeResult) => {
      socket.destroy();
      finish(r);
    };
    socket.once("connect", () => done({ ok: true }));
    socket.once("error", (e: NodeJS.ErrnoException) => done(fail(`${host}:${port}: ${describeError(e)}`)));
    d.signal.addEventListener("abort", () => done(fail(`${host}:${port}: ${d.reason()}`)), { once: true });
  });
}

export function describeError(e: NodeJS.ErrnoException): string {
  if (e.code === "ECONNREFUSED") return "connection refused";
  if (e.code === "ECONNRESET") return "connection reset";
  if (e.code === "ENOTFOUND" || e.code === "EAI_AGAIN") return "host not found";
  return e.code ?? e.message;
}
