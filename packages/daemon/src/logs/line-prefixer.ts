/** Longest text prefixed as one string; V8 strings stop at 2^29 chars, and the prefixed copy is longer. */
const MAX_AS_STRING = 64 * 1024 * 1024;
/** Longest partial line held: output that never ends a line (a progress bar, binary data) must not grow graced. */
const MAX_HELD = 64 * 1024;

/**
 * Container mode's `name | ` prefix. Output arrives in arbitrary chunks; only whole lines
 * are prefixed and passed on, a partial line is held until its newline arrives or the
 * program's stream ends (`flush`), so lines of two programs never interleave mid-line. A
 * partial line that reaches MAX_HELD bytes is passed on as a line of its own.
 */
export class LinePrefixer {
  private held: Buffer[] = [];
  private heldBytes = 0;
  private readonly prefix: Buffer;
  /** The prefix as latin1 text, and the newline-plus-prefix put between lines. */
  private readonly prefixText: string;
  private readonly glue: string;
  private readonly maxAsString: number;
  private readonly maxHeld: number;

  constructor(name: string, maxAsString = MAX_AS_STRING, maxHeld = MAX_HELD) {
    this.prefix = Buffer.from(`${name} | `);
    this.prefixText = this.prefix.toString("latin1");
    this.glue = `\n${this.prefixText}`;
    this.maxAsString = maxAsString;
    this.maxHeld = maxHeld;
  }

  /** Whole lines of `held + chunk`, each prefixed; null when no line is complete yet. */
  push(chunk: Buffer): Buffer | null {
    const last = chunk.lastIndexOf(0x0a);
    if (last === -1) {
      this.held.push(Buffer.from(chunk)); // a copy: the chunk is lent for this call only (sink.ts)
      this.heldBytes += chunk.length;
      return this.heldBytes >= this.maxHeld ? this.flush() : null;
    }
    const complete = this.held.length > 0 ? Buffer.concat([...this.held, chunk.subarray(0, last + 1)]) : chunk.subarray(0, last + 1);
    this.held = last + 1 < chunk.length ? [Buffer.from(chunk.subarray(last + 1))] : [];
    this.heldBytes = chunk.length - last - 1;
    return this.prefixLines(complete);
  }

  /** The held partial line, prefixed and ended with a newline; null when nothing is held. */
  flush(): Buffer | null {
    if (this.held.length === 0) return null;
    const rest = Buffer.concat([...this.held, Buffer.from("\n")]);
    this.held = [];
    this.heldBytes = 0;
    return this.prefixLines(rest);
  }

  /**
   * `text` ends with a newline; every line gets the prefix. Done as one native string
   * replacement over the bytes read as latin1 (one char per byte, so any bytes survive the
   * round trip): no JS runs per line, which keeps the echo fast in baseline code (graced runs
   * without the optimizing compiler, see bin/graced). Text too long for one V8 string (a
   * program that wrote a huge line without a newline) goes line by line instead.
   */
  private prefixLines(text: Buffer): Buffer {
    if (text.length > this.maxAsString) return this.prefixEachLine(text);
    const body = text.toString("latin1", 0, text.length - 1).replaceAll("\n", this.glue);
    return Buffer.from(`${this.prefixText}${body}\n`, "latin1");
  }

  private prefixEachLine(text: Buffer): Buffer {
    const parts: Buffer[] = [];
    let start = 0;
    while (start < text.length) {
      const nl = text.indexOf(0x0a, start);
      parts.push(this.prefix, text.subarray(start, nl + 1));
      start = nl + 1;
    }
    return Buffer.concat(parts);
  }
}
