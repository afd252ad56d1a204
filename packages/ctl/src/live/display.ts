import type { Terminal } from "../context.js";

/**
 * Redraws a block of lines in place on a terminal: moves the cursor up over the previous
 * frame and clears to the end of the screen before writing the next one.
 */
export class LiveBlock {
  private drawn = 0;

  constructor(private readonly terminal: Terminal) {}

  draw(lines: readonly string[]): void {
    this.terminal.write(`${this.erase()}${lines.map((l) => `${l}\n`).join("")}`);
    this.drawn = lines.length;
  }

  /** Remove the block, leaving the cursor where it began. */
  clear(): void {
    if (this.drawn > 0) this.terminal.write(this.erase());
    this.drawn = 0;
  }

  private erase(): string {
    return this.drawn > 0 ? `\x1b[${this.drawn}A\r\x1b[0J` : "";
  }
}
