import { closeSync } from "node:fs";
import { Socket } from "node:net";
import type { Writable } from "node:stream";
import type { ChildHandle } from "./spawner.js";

/** Bytes written to one child's stdin and not yet read by it, at most (supervisord has no cap). */
export const MAX_STDIN_QUEUED = 1024 * 1024;

/** How a write to a child's stdin ended: written, no pipe (it exited or closed its stdin), or its pipe is full. */
export type StdinOutcome = "written" | "no-pipe" | "full";

/** A child's stdin pipe: a stream, or its write end as a bare fd until the first write (spawner's stdinFd). */
type Entry = { stream: Writable | null; fd: number | null };

/**
 * The stdin pipes of the running children, by full name. A pipe is forgotten when its child
 * exits or the pipe closes; a child that does not read its stdin holds at most MAX_STDIN_QUEUED
 * bytes of graced's memory. A bare fd becomes a stream at the first write to it.
 */
export class StdinPipes {
  private readonly pipes = new Map<string, Entry>();

  attach(fullName: string, child: Pick<ChildHandle, "stdin" | "stdinFd" | "onExit">): void {
    const entry: Entry = { stream: null, fd: child.stdinFd ?? null };
    if (child.stdin) this.watch(fullName, entry, child.stdin);
    else if (entry.fd === null) return;
    child.onExit(() => this.forget(fullName, entry));
    this.pipes.set(fullName, entry);
  }

  write(fullName: string, data: Buffer, max = MAX_STDIN_QUEUED): StdinOutcome {
    const entry = this.pipes.get(fullName);
    if (entry && !entry.stream && entry.fd !== null) {
      this.watch(fullName, entry, new Socket({ fd: entry.fd, readable: false, writable: true }));
      entry.fd = null; // the stream owns it now
    }
    const pipe = entry?.stream;
    if (!pipe || pipe.destroyed || !pipe.writable) return "no-pipe";
    if (pipe.writableLength + data.length > max) return "full";
    pipe.write(data);
    return "written";
  }

  private watch(fullName: string, entry: Entry, stream: Writable): void {
    entry.stream = stream;
    // EPIPE once the child has gone or closed its stdin: the pipe is simply forgotten
    stream.on("error", () => stream.destroy());
    stream.once("close", () => this.forget(fullName, entry));
  }

  private forget(fullName: string, entry: Entry): void {
    if (this.pipes.get(fullName) === entry) this.pipes.delete(fullName);
    entry.stream?.destroy();
    if (entry.fd !== null) {
      try {
        closeSync(entry.fd);
      } catch {}
      entry.fd = null;
    }
  }
}
