import { CommanderError } from "commander";
import { RemoteError, UnreachableError } from "./client.js";
import { buildProgram } from "./program.js";
import { Exit } from "./render/output.js";
import { UsageError } from "./target.js";

/** Commander's error codes → supervisorctl's exit codes (SPEC §6). */
function commanderExit(e: CommanderError): number {
  if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return Exit.OK;
  if (e.code === "commander.unknownCommand") return Exit.GENERIC;
  return Exit.USAGE;
}

async function main(): Promise<number> {
  const { program, ctx } = buildProgram(process.env, process.stdout.isTTY === true);
  try {
    if (process.argv.length <= 2) {
      program.outputHelp();
      return Exit.USAGE;
    }
    await program.parseAsync(process.argv);
  } catch (e) {
    if (e instanceof CommanderError) return commanderExit(e);
    if (e instanceof UnreachableError) {
      process.stderr.write(`gracectl: ${e.message}\n`);
      return ctx.verb === "status" ? Exit.STATUS_UNKNOWN : Exit.UNREACHABLE;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`gracectl: ${e.message}\n`);
      return Exit.USAGE;
    }
    if (e instanceof RemoteError) {
      process.stderr.write(`gracectl: graced answered: ${e.message}\n`);
      return Exit.GENERIC;
    }
    throw e;
  }
  const { text, error, exitCode } = ctx.result;
  if (text) process.stdout.write(`${text}\n`);
  if (error) process.stderr.write(`${error}\n`);
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`gracectl: unexpected error: ${(e as Error).stack ?? e}\n`);
    process.exit(70);
  },
);
