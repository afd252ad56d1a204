/**
 * One listener's side of supervisord's event listener protocol, read from its stdout
 * (supervisor/dispatchers.py, PEventListenerDispatcher). A listener starts ACKNOWLEDGED and
 * writes `READY\n` (→ READY); the pool sends it an event (→ BUSY); it answers
 * `RESULT N\n` + N bytes (`OK` or `FAIL`) (→ ACKNOWLEDGED), then `READY\n` again. Anything else
 * is a protocol violation (→ UNKNOWN): it gets no more events until it is started again.
 * Pure: bytes in, what they say out.
 */
export type ListenerState = "ACKNOWLEDGED" | "READY" | "BUSY" | "UNKNOWN";

export type Heard =
  | { type: "ready" }
  /** The body of a RESULT: `OK` accepts the event, anything else rejects it. */
  | { type: "result"; body: Buffer }
  /** The listener broke the protocol and is now UNKNOWN. */
  | { type: "violation"; reason: string };

const READY = Buffer.from("READY\n");
const RESULT = "RESULT ";
/** A result line longer than this without its newline is garbage, not a slow writer. */
export const MAX_RESULT_LINE = 64;
/** The longest result body graced waits for (supervisord's default handler needs two bytes). */
export const MAX_RESULT_BODY = 4096;

export class ListenerProtocol {
  state: ListenerState = "ACKNOWLEDGED";
  private pending: Buffer = Buffer.alloc(0);
  /** BUSY: the length the result line announced, once read. */
  private resultLen: number | null = null;

  /** The pool wrote an event to the listener's stdin: READY -> BUSY. */
  sent(): void {
    if (this.state === "READY") this.state = "BUSY";
  }

  /** Bytes from the listener's stdout, and what they say, in order. */
  feed(chunk: Buffer): Heard[] {
    if (this.state === "UNKNOWN") return []; // nothing it says counts any more
    // a copy: the chunk is lent for the call only (logs/capture.ts reads every pipe into one buffer)
    this.pending = this.pending.length === 0 ? Buffer.from(chunk) : Buffer.concat([this.pending, chunk]);
    const heard: Heard[] = [];
    for (;;) {
      const step = this.step();
      if (step === null) break;
      heard.push(step);
      if (step.type === "violation") break;
    }
    return heard;
  }

  /** One message out of `pending`, or null when more bytes are needed. */
  private step(): Heard | null {
    if (this.pending.length === 0) return null;
    switch (this.state) {
      case "ACKNOWLEDGED": {
        const n = Math.min(this.pending.length, READY.length);
        if (!this.pending.subarray(0, n).equals(READY.subarray(0, n))) return this.violate(`expected READY, got ${quoted(this.pending)}`);
        if (n < READY.length) return null;
        // ACKNOWLEDGED -> READY
        this.pending = this.pending.subarray(READY.length);
        this.state = "READY";
        return { type: "ready" };
      }
      case "READY":
        // it spoke before it was sent anything
        return this.violate(`wrote ${quoted(this.pending)} while waiting for an event`);
      case "BUSY":
        return this.resultLen === null ? this.readResultLine() : this.readResultBody(this.resultLen);
      case "UNKNOWN":
        return null;
    }
  }

  private readResultLine(): Heard | null {
    const newline = this.pending.indexOf(0x0a);
    if (newline === -1) {
      if (this.pending.length > MAX_RESULT_LINE) return this.violate(`no result line in ${quoted(this.pending)}`);
      return null;
    }
    const line = this.pending.subarray(0, newline).toString("latin1");
    const digits = line.startsWith(RESULT) ? line.slice(RESULT.length).trim() : "";
    if (!/^\d{1,9}$/.test(digits)) return this.violate(`bad result line: ${quoted(this.pending.subarray(0, newline))}`);
    const len = Number(digits);
    if (len > MAX_RESULT_BODY) return this.violate(`a result of ${len} bytes (at most ${MAX_RESULT_BODY})`);
    this.pending = this.pending.subarray(newline + 1);
    this.resultLen = len;
    return this.readResultBody(len);
  }

  private readResultBody(len: number): Heard | null {
    if (this.pending.length < len) return null;
    const body = Buffer.from(this.pending.subarray(0, len));
    this.pending = this.pending.subarray(len);
    this.resultLen = null;
    // BUSY -> ACKNOWLEDGED, whether the pool takes the result as OK or as a rejection
    this.state = "ACKNOWLEDGED";
    return { type: "result", body };
  }

  private violate(reason: string): Heard {
    // any state -> UNKNOWN
    this.state = "UNKNOWN";
    this.pending = Buffer.alloc(0);
    this.resultLen = null;
    return { type: "violation", reason };
  }
}

/** At most 40 bytes of what the listener wrote, quoted for a log line. */
function quoted(data: Buffer): string {
  const text = JSON.stringify(data.subarray(0, 40).toString("latin1"));
  return data.length > 40 ? `${text}…` : text;
}
