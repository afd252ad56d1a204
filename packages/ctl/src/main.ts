import { CommanderError } from "commander";
import { buildProgram } from "./program.js";
import { commanderExit, renderFailure } from "./render/faults.js";
import { Exit } from "./render/output.js";

async function main(): Promise<number> {
  const { program, ctx } = buildProgram(process.env, process.stdout.isTTY === true, process.stdout);
  // The reader went away (`gracectl tail -f web | head -1`): nobody is left to tell, so end
  // quietly with the result so far, never with an EPIPE stack trace.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit(ctx.result.exitCode);
  });
  // nor when stderr's reader is gone: the message has nowhere to go, the exit code still tells
  process.stderr.on("error", () => {});
  try {
    if (process.argv.length <= 2) {
      program.outputHelp();
      return Exit.USAGE;
    }
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) return commanderExit(e.code);
    // errors → message and exit code are render/faults.ts's; `--json` also gets them on stdout
    const f = renderFailure(e, ctx.verb);
    if (!f) throw e;
    process.stderr.write(`gracectl: ${f.message}\n`);
    if (ctx.json)
      process.stdout.write(`${JSON.stringify({ error: { kind: f.kind, message: f.message, socket: f.socket, exitCode: f.exitCode } })}\n`);
    return f.exitCode;
  }
  const { text, error, exitCode } = ctx.result;
  if (text) process.stdout.write(`${text}\n`);
  if (error) process.stderr.write(`${error}\n`);
  return exitCode;
}

/**
 * To a pipe, Node writes stdout and stderr asynchronously: what the pipe cannot take yet waits
 * in memory, and process.exit drops it (`gracectl --json status | jq` got the first 64 KiB and
 * exit 0). A write's callback runs once everything before it went to the OS, so exit there.
 */
function exitWhenWritten(code: number): void {
  let waiting = 2;
  const done = () => {
    waiting -= 1;
    if (waiting === 0) process.exit(code);
  };
  process.stdout.write("", done);
  process.stderr.write("", done);
}

main().then(exitWhenWritten, (e) => {
  process.stderr.write(`gracectl: unexpected error: ${(e as Error).stack ?? e}\n`);
  exitWhenWritten(70);
});
