import type { EventName } from "../config/event-types.js";

/** What a pool knows about an event when it sends it to one of its listeners. */
export type EnvelopeFields = {
  /** `[supervisord] identifier`: supervisord writes it as the `server` field. */
  server: string;
  /** Counts every event that some pool took, across pools. */
  serial: number;
  pool: string;
  /** Counts the events this pool took. */
  poolSerial: number;
  name: EventName;
  payload: string;
};

/**
 * The header line and the payload, as supervisord writes them to a listener's stdin:
 * `ver:3.0 server:S serial:N pool:P poolserial:N eventname:E len:N\n` + payload.
 * `len` counts the payload's characters (Unicode code points), not its bytes: supervisord takes
 * len() of a Python str, and childutils reads that many characters back from a text stdin.
 */
export function envelope(f: EnvelopeFields): string {
  const len = codePoints(f.payload);
  return `ver:3.0 server:${f.server} serial:${f.serial} pool:${f.pool} poolserial:${f.poolSerial} eventname:${f.name} len:${len}\n${f.payload}`;
}

/** Unicode code points in a string (a character outside the BMP is one, not two UTF-16 units). */
export function codePoints(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // a high surrogate followed by a low one is one code point
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}
