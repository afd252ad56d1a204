import { CommanderError } from "commander";
import { DeadlineError, RemoteError, UnreachableError, UsageError } from "./errors.js";
import { buildProgram } from "./program.js";
import { Exit } from "./render/output.js";

/** Commander's error codes → supervisorctl's exit codes (SPEC §6). */
function commanderExit(e: CommanderError): number {
  if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return Exit.OK;
  if (e.code === "commander.unknownCommand") return Exit.GENERIC;
  return Exit.USAGE;
}

/** Errors → message and exit code, in one place; `--json` also gets them on stdout. */
function failure(e: unknown, verb: string): { code: number; message: string; kind: string; socket?: string } | undefined {
  if (e instanceof UnreachableError) {
    return { code: verb === "status" ? Exit.STATUS_UNKNOWN : Exit.UNREACHABLE, message: e.message, kind: "unreachable", socket: e.socket };
  }
  if (e instanceof UsageError) return { code: Exit.USAGE, message: e.message, kind: "usage" };
  if (e instanceof DeadlineError) return { code: Exit.GENERIC, message: e.message, kind: "timeout" };
  if (e instanceof RemoteError) return { code: Exit.GENERIC, message: `graced answered: ${e.message} (${e.code})`, kind: "remote" };
  return undefined;
}

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
    if (e instanceof CommanderError) return commanderExit(e);
    const f = failure(e, ctx.verb);
    if (!f) throw e;
    process.stderr.write(`gracectl: ${f.message}\n`);
    if (ctx.json)
      process.stdout.write(`${JSON.stringify({ error: { kind: f.kind, message: f.message, socket: f.socket, exitCode: f.code } })}\n`);
    return f.code;
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
