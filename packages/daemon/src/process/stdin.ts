import type { Writable } from "node:stream";
import type { ChildHandle } from "./spawner.js";

/** Bytes written to one child's stdin and not yet read by it, at most (supervisord has no cap). */
export const MAX_STDIN_QUEUED = 1024 * 1024;

/** How a write to a child's stdin ended: written, no pipe (it exited or closed its stdin), or its pipe is full. */
export type StdinOutcome = "written" | "no-pipe" | "full";

/**
 * The stdin pipes of the running children, by full name. A pipe is forgotten when its child
 * exits or the pipe closes; a child that does not read its stdin holds at most MAX_STDIN_QUEUED
 * bytes of graced's memory.
 */
export class StdinPipes {
  private readonly pipes = new Map<string, Writable>();

  attach(fullName: string, child: Pick<ChildHandle, "stdin" | "onExit">): void {
    const pipe = child.stdin;
    if (!pipe) return;
    // EPIPE once the child has gone or closed its stdin: the pipe is simply forgotten
    pipe.on("error", () => pipe.destroy());
    const forget = () => {
      if (this.pipes.get(fullName) === pipe) this.pipes.delete(fullName);
      pipe.destroy();
    };
    pipe.once("close", forget);
    child.onExit(forget);
    this.pipes.set(fullName, pipe);
  }

  write(fullName: string, data: Buffer, max = MAX_STDIN_QUEUED): StdinOutcome {
    const pipe = this.pipes.get(fullName);
    if (!pipe || pipe.destroyed || !pipe.writable) return "no-pipe";
    if (pipe.writableLength + data.length > max) return "full";
    pipe.write(data);
    return "written";
  }
}
