import type { ChildProcess } from "node:child_process";

export type Exit = { code: number | null; signal: string | null };

/** A child whose stdout and stderr are collected (interleaved) and whose exit can be awaited. */
export class Captured {
  readonly output: string[] = [];
  readonly exited: Promise<Exit>;

  constructor(child: ChildProcess) {
    child.stdout?.on("data", (d: Buffer) => this.output.push(d.toString()));
    child.stderr?.on("data", (d: Buffer) => this.output.push(d.toString()));
    this.exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
  }

  get log(): string {
    return this.output.join("");
  }
}
