import { quote } from "../xmlrpc/xml-reader.js";
import type { HttpLimits } from "./limits.js";

export type HttpRequest = {
  method: string;
  /** The request target as sent (`/RPC2`, `/logtail/web/stderr`). */
  target: string;
  version: "1.0" | "1.1";
  /** By lower-case name; repeated headers joined with ", ". */
  headers: Map<string, string>;
  /** The request had a Content-Length (a POST without one is answered 411). */
  hasLength: boolean;
  body: Buffer;
  /** The client keeps the connection for another request (HTTP/1.1 unless `close`; 1.0 with `keep-alive`). */
  keepAlive: boolean;
};

/** A request graced will not read: answered with `status`, then the connection is closed. */
export type HttpRefusal = { status: number; reason: string };

export type ReadOutcome = { request: HttpRequest } | { refusal: HttpRefusal } | null;

type Phase = { kind: "head" } | { kind: "body"; request: HttpRequest; need: number; parts: Buffer[]; got: number } | { kind: "failed" };

/** A parsed head, and the length of the body to read after it (read as it arrives, never allocated ahead). */
type Head = { request: HttpRequest; length: number };

const EMPTY = Buffer.alloc(0);
const CRLF2 = Buffer.from("\r\n\r\n");
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const REQUEST_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+) (\S+) HTTP\/(\d)\.(\d)$/;
const HEADER_LINE = /^([^:]*):[ \t]*(.*?)[ \t]*$/;

/**
 * An HTTP/1.x request reader over a byte stream, fed as bytes arrive. Only what XML-RPC and
 * `tail -f` need: a request line, headers, and a body sized by Content-Length (chunked request
 * bodies are refused with 411, as supervisord refuses them). Every buffer is capped: the head,
 * the header count, the body, and what a client may send ahead of an answer. Keeps no timer:
 * `pendingSince` says since when a request has been partly here, and the connection decides
 * when that is too long (HttpLimits.requestMs). Pure but for the clock it is given.
 */
export class HttpRequestReader {
  private queue: Buffer[] = [];
  private queued = 0;
  private head = Buffer.alloc(0);
  private headLen = 0;
  private scanned = 0;
  private phase: Phase = { kind: "head" };
  private since: number | null = null;
  private refusal: HttpRefusal | null = null;

  constructor(
    private readonly limits: Pick<HttpLimits, "maxHeadBytes" | "maxHeaders" | "maxBodyBytes">,
    private readonly now: () => number = Date.now,
  ) {}

  /** Since when (the clock's ms) a request has been partly received; null between requests. */
  get pendingSince(): number | null {
    return this.since;
  }

  /**
   * The slow-request hook: a refusal (408) when a request has been partly here for `ms` or
   * more at `now`, else null. The connection asks when its timer fires.
   */
  overdue(now: number, ms: number): HttpRefusal | null {
    if (this.since === null || now - this.since < ms) return null;
    return this.fail(408, `the request was not complete within ${ms / 1000}s of its first byte`);
  }

  /** Bytes held: unread input, an unfinished head or body. */
  get buffered(): number {
    const body = this.phase.kind === "body" ? this.phase.got : 0;
    return this.queued + this.headLen + body;
  }

  /**
   * Take bytes as they arrive. A client may send ahead (the next request while one is being
   * answered), but not more than one whole request's worth: past that, a refusal.
   */
  push(chunk: Buffer): HttpRefusal | null {
    if (this.phase.kind === "failed" || chunk.length === 0) return null;
    this.queue.push(chunk);
    this.queued += chunk.length;
    const ahead = this.limits.maxHeadBytes + this.limits.maxBodyBytes;
    if (this.buffered <= ahead) return null;
    if (this.phase.kind === "head" && !this.headEndsInTime())
      return this.fail(431, `the request line and headers exceed ${this.limits.maxHeadBytes} bytes`);
    return this.fail(413, `more than ${ahead} bytes sent ahead of an answer`);
  }

  /** Does the head now being received end within the head limit? (Asked only on the way to a refusal.) */
  private headEndsInTime(): boolean {
    const within = Buffer.concat([this.head.subarray(0, this.headLen), ...this.queue]).subarray(0, this.limits.maxHeadBytes + CRLF2.length);
    return within.indexOf(CRLF2) !== -1;
  }

  /** The next complete request, or a refusal (once; the reader then stays failed), or null: more bytes needed. */
  next(): ReadOutcome {
    if (this.refusal) {
      const refusal = this.refusal;
      this.refusal = null;
      return { refusal };
    }
    if (this.phase.kind === "head") {
      const head = this.readHead();
      if (this.refusal) return this.next();
      if (head === null) return null;
      this.phase = { kind: "body", request: head.request, need: head.length, parts: [], got: 0 };
    }
    if (this.phase.kind !== "body") return null;
    const body = this.phase;
    while (body.got < body.need && this.queue.length > 0) {
      const part = this.take(body.need - body.got);
      body.parts.push(part);
      body.got += part.length;
    }
    if (body.got < body.need) {
      this.since ??= this.now();
      return null;
    }
    this.phase = { kind: "head" };
    this.since = null;
    return { request: { ...body.request, body: Buffer.concat(body.parts) } };
  }

  private fail(status: number, reason: string): HttpRefusal {
    this.phase = { kind: "failed" };
    this.since = null;
    this.queue = [];
    this.queued = 0;
    this.head = Buffer.alloc(0);
    this.headLen = 0;
    this.refusal = { status, reason };
    return this.refusal;
  }

  /** Up to `max` bytes off the front of the queue (a view, not a copy). */
  private take(max: number): Buffer {
    const first = this.queue[0];
    const part = first.length <= max ? first : first.subarray(0, max);
    if (part === first) this.queue.shift();
    else this.queue[0] = first.subarray(max);
    this.queued -= part.length;
    return part;
  }

  private appendHead(bytes: Buffer): void {
    if (this.headLen + bytes.length > this.head.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.head.length * 2, this.headLen + bytes.length, 1024));
      this.head.copy(grown, 0, 0, this.headLen);
      this.head = grown;
    }
    bytes.copy(this.head, this.headLen);
    this.headLen += bytes.length;
  }

  /** Moves queued bytes into the head until its blank line; the parsed request (body empty), or null. */
  private readHead(): Head | null {
    const cap = this.limits.maxHeadBytes;
    while (this.queue.length > 0) {
      this.appendHead(this.take(cap + CRLF2.length - this.headLen));
      // blank lines between requests are ignored (supervisorctl's tail -f sends one after its own)
      let blank = 0;
      while (this.headLen - blank >= 2 && this.head[blank] === 0x0d && this.head[blank + 1] === 0x0a) blank += 2;
      if (blank > 0) {
        this.head.copy(this.head, 0, blank, this.headLen);
        this.headLen -= blank;
        this.scanned = 0;
      }
      if (this.headLen > 0) this.since ??= this.now();
      const end = this.head.subarray(0, this.headLen).indexOf(CRLF2, Math.max(0, this.scanned - 3));
      this.scanned = this.headLen;
      if (end !== -1) {
        const text = this.head.toString("latin1", 0, end);
        // what came after the blank line belongs to the body or the next request
        if (end + CRLF2.length < this.headLen) {
          const rest = Buffer.from(this.head.subarray(end + CRLF2.length, this.headLen));
          this.queue.unshift(rest);
          this.queued += rest.length;
        }
        this.headLen = 0;
        this.scanned = 0;
        return this.parseHead(text);
      }
      if (this.headLen >= cap + CRLF2.length) {
        this.fail(431, `the request line and headers exceed ${cap} bytes`);
        return null;
      }
    }
    return null;
  }

  private parseHead(text: string): Head | null {
    const [line, ...fields] = text.split("\r\n");
    const m = REQUEST_LINE.exec(line);
    if (!m) return this.refuse(400, `malformed request line ${quote(line)}`);
    const [, method, target, major, minor] = m;
    if (major !== "1") return this.refuse(505, `HTTP/${major}.${minor} is not supported (HTTP/1.0 and 1.1 are)`);
    if (fields.length > this.limits.maxHeaders) return this.refuse(431, `more than ${this.limits.maxHeaders} header lines`);
    const headers = new Map<string, string>();
    for (const field of fields) {
      const h = HEADER_LINE.exec(field);
      if (!h || !TOKEN.test(h[1])) return this.refuse(400, `malformed header line ${quote(field)}`);
      const name = h[1].toLowerCase();
      const seen = headers.get(name);
      headers.set(name, seen === undefined ? h[2] : `${seen}, ${h[2]}`);
    }
    const version = minor === "0" ? "1.0" : "1.1";
    const connection = (headers.get("connection") ?? "").toLowerCase().split(/\s*,\s*/);
    const keepAlive = version === "1.1" ? !connection.includes("close") : connection.includes("keep-alive");
    const length = this.bodyLength(headers);
    if (length === null) return null;
    const request = { method, target, version, headers, hasLength: headers.has("content-length"), body: EMPTY, keepAlive } as const;
    return { request, length };
  }

  private bodyLength(headers: Map<string, string>): number | null {
    const te = headers.get("transfer-encoding");
    const cl = headers.get("content-length");
    if (te !== undefined && cl !== undefined) return this.refuse(400, "a request may not have both Transfer-Encoding and Content-Length");
    if (te !== undefined) return this.refuse(411, `send the body with a Content-Length (Transfer-Encoding ${quote(te)} is not accepted)`);
    if (cl === undefined) return 0;
    const values = new Set(cl.split(",").map((v) => v.trim()));
    const [value] = values;
    if (values.size !== 1 || !/^\d{1,15}$/.test(value)) return this.refuse(400, `bad Content-Length ${quote(cl)}`);
    const n = Number(value);
    if (n > this.limits.maxBodyBytes) return this.refuse(413, `a body of ${n} bytes exceeds the limit of ${this.limits.maxBodyBytes}`);
    return n;
  }

  private refuse(status: number, reason: string): null {
    this.fail(status, reason);
    return null;
  }
}
