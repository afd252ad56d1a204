import { StringDecoder } from "node:string_decoder";
import { fail, type ProbeOptions, type ProbeResult, settleOnce } from "./deadline.js";

/**
 * `log:REGEX`: ready when a line of the program's output matches. The engine feeds every chunk
 * of stdout and stderr; only complete lines are tested (a line cut in two must not match its
 * first half: `^port \d+$` against "port 80" of "port 8080"). A line longer than `maxLine` is
 * tested by its first `maxLine` characters and the rest dropped, so a program that never
 * writes a newline cannot make the buffer grow.
 */
export const MAX_LINE = 64 * 1024;

export class LogWatch {
  private readonly regex: RegExp;
  private readonly decoder = new StringDecoder("utf8");
  private pending = "";
  /** Inside an over-long line: dropping until its newline. */
  private skipping = false;
  private hit = false;
  private readonly waiters = new Set<() => void>();

  constructor(
    pattern: string,
    private readonly maxLine = MAX_LINE,
  ) {
    this.regex = new RegExp(pattern);
  }

  get matched(): boolean {
    return this.hit;
  }

  /** Feed output; true once a line has matched. */
  feed(chunk: string | Buffer): boolean {
    if (this.hit) return true;
    const text = typeof chunk === "string" ? chunk : this.decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf("\n"); nl !== -1 && !this.hit; nl = text.indexOf("\n", start)) {
      this.take(text.slice(start, nl), true);
      start = nl + 1;
    }
    if (!this.hit && start < text.length) this.take(text.slice(start), false);
    return this.hit;
  }

  /** Resolves ok when a line matches (at once if one did), or fails at the timeout or abort. */
  wait(opts: ProbeOptions): Promise<ProbeResult> {
    if (this.hit) return Promise.resolve({ ok: true });
    return settleOnce(opts, (d, finish) => {
      const onMatch = () => finish({ ok: true });
      this.waiters.add(onMatch);
      d.signal.addEventListener(
        "abort",
        () => {
          this.waiters.delete(onMatch);
          finish(fail(`no line matched /${this.regex.source}/: ${d.reason()}`));
        },
        { once: true },
      );
    });
  }

  private take(piece: string, complete: boolean): void {
    if (this.skipping) {
      if (complete) this.skipping = false;
      return;
    }
    this.pending += piece;
    if (!complete && this.pending.length <= this.maxLine) return;
    const line = this.pending.slice(0, this.maxLine).replace(/\r$/, "");
    this.skipping = !complete;
    this.pending = "";
    if (!this.regex.test(line)) return;
    this.hit = true;
    for (const w of this.waiters) w();
    this.waiters.clear();
  }
}
