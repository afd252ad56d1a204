import type { Limits } from "./limits.js";

/** What admission looks at in an open connection. */
export type Candidate = {
  handshaken: boolean;
  partial: boolean;
  inFlight: number;
  session: { subscribed: ReadonlySet<string> };
};

const idle = (c: Candidate) => c.handshaken && !c.partial && c.inFlight === 0 && c.session.subscribed.size === 0;

export type Settled<C> = {
  /** Connections to close now, each with the reason it is told. */
  close: Map<C, string>;
  /** Too many are still handshaking, but none has had its turn yet: settle again next turn. */
  again: boolean;
};

/**
 * Bring the open connections (oldest first) back within the limits. Pure. `hadTurn` says
 * whether graced has had a chance to read a connection since it came in: one that arrived in
 * the same burst as a hundred others is not closed for not having spoken yet.
 *
 * Handshaking clients are few: past their limit, the oldest that had their turn give way,
 * so a flood of silent connections never locks gracectl out. Past the overall limit, these
 * give way in order: handshaking ones that had their turn, ones holding an unfinished frame,
 * idle ones (no request running, nothing subscribed), oldest first; if that is not enough,
 * the newest are refused. A subscriber (`tail -f`, `status --watch`) or a client waiting for
 * an answer is never displaced.
 */
export function settle<C extends Candidate>(
  open: readonly C[],
  limits: Pick<Limits, "maxConnections" | "maxHandshaking">,
  hadTurn: (c: C) => boolean,
): Settled<C> {
  const close = new Map<C, string>();
  const handshaking = open.filter((c) => !c.handshaken);
  let excess = handshaking.length - limits.maxHandshaking;
  for (const c of handshaking.filter(hadTurn)) {
    if (excess <= 0) break;
    close.set(c, `closing the connection: at most ${limits.maxHandshaking} clients may wait to send a first request`);
    excess--;
  }
  let over = open.length - close.size - limits.maxConnections;
  const total = `graced takes at most ${limits.maxConnections} connections`;
  const displaceable = [...handshaking.filter(hadTurn), ...open.filter((c) => c.partial), ...open.filter(idle)];
  for (const c of displaceable) {
    if (over <= 0) break;
    if (close.has(c)) continue;
    close.set(c, `closing the connection: ${total} and needed this one's place for a newer client`);
    over--;
  }
  for (const c of [...open].reverse()) {
    if (over <= 0) break;
    if (close.has(c)) continue;
    close.set(c, `too many connections: ${total}, and every one is busy or subscribed`);
    over--;
  }
  return { close, again: excess > 0 };
}
