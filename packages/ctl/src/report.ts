import { renderFailure } from "./render/faults.js";
import type { Rendered } from "./render/output.js";

/**
 * gracectl's way out: stdout and stderr are touched only when something is written to them
 * (each stream costs a few ms to set up, and `health` in a probe writes one line), and the
 * process exits once what it wrote has reached the OS.
 */

const used = new Set<NodeJS.WriteStream>();
let resultSoFar = (): number => 0;

/**
 * stdout or stderr, ready for gracectl's output. When the reader goes away (`gracectl tail -f
 * web | head -1`), nobody is left to tell: gracectl ends quietly with `resultSoFar`, never with an
 * EPIPE stack trace; nor when stderr's reader is gone: the message has nowhere to go, the exit
 * code still tells.
 */
export function output(name: "stdout" | "stderr"): NodeJS.WriteStream {
  const stream = process[name];
  if (!used.has(stream)) {
    used.add(stream);
    if (name === "stderr") stream.on("error", () => {});
    else
      stream.on("error", (e: NodeJS.ErrnoException) => {
        if (e.code !== "EPIPE") throw e;
        process.exit(resultSoFar());
      });
  }
  return stream;
}

/** The whole CLI writes from many places: both streams from the start, and its result so far for an early exit. */
export function useBothOutputs(result: () => number): void {
  resultSoFar = result;
  output("stdout");
  output("stderr");
}

/** Print a command's result; its exit code. */
export function printResult({ text, error, exitCode }: Rendered): number {
  resultSoFar = () => exitCode;
  if (text) output("stdout").write(`${text}\n`);
  if (error) output("stderr").write(`${error}\n`);
  return exitCode;
}

/**
 * Print why a command failed (render/faults.ts's words; `--json` also gets them on stdout) and
 * return its exit code. An error that is not gracectl's to explain is a bug: it is thrown on,
 * for main.ts to show with its stack.
 */
export function printFailure(e: unknown, verb: string, json: boolean): number {
  const f = renderFailure(e, verb);
  if (!f) throw e;
  resultSoFar = () => f.exitCode;
  output("stderr").write(`gracectl: ${f.message}\n`);
  if (json)
    output("stdout").write(`${JSON.stringify({ error: { kind: f.kind, message: f.message, socket: f.socket, exitCode: f.exitCode } })}\n`);
  return f.exitCode;
}

/**
 * To a pipe, Node writes stdout and stderr asynchronously: what the pipe cannot take yet waits
 * in memory, and process.exit drops it (`gracectl --json status | jq` got the first 64 KiB and
 * exit 0). A write's callback runs once everything before it went to the OS, so exit there.
 */
function exitWhenWritten(code: number): void {
  let waiting = used.size;
  if (waiting === 0) process.exit(code);
  for (const stream of used)
    stream.write("", () => {
      waiting -= 1;
      if (waiting === 0) process.exit(code);
    });
}

/** The end of every gracectl run: exit with the work's code once its output is written; a bug shows its stack (70). */
export function finish(work: Promise<number>): void {
  work.then(exitWhenWritten, (e) => {
    output("stderr").write(`gracectl: unexpected error: ${(e as Error).stack ?? e}\n`);
    exitWhenWritten(70);
  });
}
