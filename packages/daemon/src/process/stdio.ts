import { closeSync } from "node:fs";
import type { ProgramConfig } from "../config/model.js";
import type { PipeEnd } from "../logs/capture.js";
import type { PipeSource } from "./pipe.js";

/** Where a child's stdout and stderr go. */
export type ChildOutputs = {
  /** Pipes graced reads, when it can make them (else Node's socketpairs). */
  pipes: PipeSource;
  /** Output nobody can see: the child gets /dev/null for it, no pipe. */
  discards(cfg: ProgramConfig, stream: "stdout" | "stderr"): boolean;
};

type Fd = number | "pipe" | "ignore";

const closeQuietly = (fd: number) => {
  try {
    closeSync(fd);
  } catch {}
};

/**
 * A child's stdin, stdout and stderr, made before its spawn:
 * - stdout, stderr: a pipe graced reads (a PipeEnd), /dev/null for output nobody can see, or
 *   Node's socketpair when pipes cannot be made;
 * - stdin: a pipe whose write end graced keeps as a bare fd until something is written to it
 *   (sendProcessStdin, rare: 200 idle children then cost 200 fds, not 200 streams); Node's
 *   socketpair, a stream at once, for an event listener (its events go there) or without pipes.
 * `stdio` is what spawn takes; the ends that are Node's ("pipe") come from the ChildProcess.
 */
export class ChildStdio {
  readonly stdio: [Fd, Fd, Fd];
  readonly stdinFd: number | undefined;
  readonly stdout: PipeEnd | null;
  readonly stderr: PipeEnd | null;
  /** The child's ends of our pipes, and graced's. */
  private readonly theirs: number[] = [];
  private readonly ours: number[] = [];

  /** Throws a PipeError when a pipe cannot be made (EMFILE), having closed what it made. */
  constructor(outputs: ChildOutputs, cfg: ProgramConfig) {
    try {
      const input = cfg.listener ? null : outputs.pipes.fds();
      if (input) this.keep(input.write, input.read);
      this.stdinFd = input?.write;
      const out = (stream: "stdout" | "stderr"): [Fd, PipeEnd | null] => {
        if (outputs.discards(cfg, stream)) return ["ignore", null];
        const pipe = outputs.pipes.open();
        if (!pipe) return ["pipe", null];
        this.keep(pipe.read.fd, pipe.write);
        return [pipe.write, pipe.read];
      };
      const [stdout, stdoutEnd] = out("stdout");
      const [stderr, stderrEnd] = out("stderr");
      this.stdio = [input?.read ?? "pipe", stdout, stderr];
      this.stdout = stdoutEnd;
      this.stderr = stderrEnd;
    } catch (e) {
      this.failed();
      throw e;
    }
  }

  /** After spawn returned: the child has its ends (or never will), and graced's copies would keep the pipes open. */
  spawned(): void {
    for (const fd of this.theirs.splice(0)) closeQuietly(fd);
  }

  /** The spawn failed: graced's ends go too. */
  failed(): void {
    this.spawned();
    for (const fd of this.ours.splice(0)) closeQuietly(fd);
  }

  private keep(ours: number, theirs: number): void {
    this.ours.push(ours);
    this.theirs.push(theirs);
  }
}
