/**
 * Container mode's `name | ` prefix. Output arrives in arbitrary chunks; only whole lines
 * are prefixed and passed on, a partial line is held until its newline arrives or the
 * program's stream ends (`flush`), so lines of two programs never interleave mid-line.
 */
export class LinePrefixer {
  private held: Buffer[] = [];
  private readonly prefix: Buffer;

  constructor(name: string) {
    this.prefix = Buffer.from(`${name} | `);
  }

  /** Whole lines of `held + chunk`, each prefixed; null when no line is complete yet. */
  push(chunk: Buffer): Buffer | null {
    const last = chunk.lastIndexOf(0x0a);
    if (last === -1) {
      this.held.push(chunk);
      return null;
    }
    const complete = this.held.length > 0 ? Buffer.concat([...this.held, chunk.subarray(0, last + 1)]) : chunk.subarray(0, last + 1);
    this.held = last + 1 < chunk.length ? [chunk.subarray(last + 1)] : [];
    return this.prefixLines(complete);
  }

  /** The held partial line, prefixed and ended with a newline; null when nothing is held. */
  flush(): Buffer | null {
    if (this.held.length === 0) return null;
    const rest = Buffer.concat([...this.held, Buffer.from("\n")]);
    this.held = [];
    return this.prefixLines(rest);
  }

  /** `text` ends with a newline; every line gets the prefix. */
  private prefixLines(text: Buffer): Buffer {
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
