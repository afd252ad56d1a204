import type { Readable } from "node:stream";
import type { LinePrefixer } from "./line-prefixer.js";
import type { Sink } from "./sink.js";

/** Where one pipe of a child goes: sinks that may push back, plus a listener that may not. */
export type CaptureTargets = {
  sinks: Sink[];
  /** Container echo: whole lines only, prefixed. */
  echo?: { prefixer: LinePrefixer; sink: Sink };
  /** Every chunk, for `tail -f` subscribers. */
  onChunk?: (chunk: Buffer) => void;
};

/**
 * Read one of a child's pipes until it ends, into its targets. When a sink's queue is full
 * the pipe is paused — the child then blocks in write(2), and nothing is dropped or buffered
 * without bound — and resumed once every full sink has drained. Resolves at end of pipe,
 * after the held partial line (if any) went to the echo.
 */
export function capturePipe(pipe: Readable, targets: CaptureTargets): Promise<void> {
  const { sinks, echo, onChunk } = targets;
  return new Promise((resolve) => {
    pipe.on("data", (chunk: Buffer) => {
      const full: Sink[] = [];
      for (const s of sinks) if (!s.write(chunk)) full.push(s);
      if (echo) {
        const lines = echo.prefixer.push(chunk);
        if (lines && !echo.sink.write(lines)) full.push(echo.sink);
      }
      onChunk?.(chunk);
      if (full.length === 0) return;
      pipe.pause();
      let waiting = full.length;
      for (const s of full) {
        s.once("drain", () => {
          if (--waiting === 0) pipe.resume();
        });
      }
    });
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const rest = echo?.prefixer.flush();
      if (echo && rest) echo.sink.write(rest);
      resolve();
    };
    pipe.once("end", finish);
    pipe.once("close", finish);
    pipe.once("error", finish);
  });
}
