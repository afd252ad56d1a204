import { CommanderError } from "commander";
import { buildProgram } from "./program.js";
import { commanderExit } from "./render/faults.js";
import { Exit } from "./render/output.js";
import { finish, printFailure, printResult, useBothOutputs } from "./report.js";

/** The whole CLI (commander, json-rpc-2.0, every command): what main.ts runs unless the quick path answers. */
export function runCli(argv: string[]): void {
  finish(run(argv));
}

async function run(argv: string[]): Promise<number> {
  const { program, ctx } = buildProgram(process.env, process.stdout.isTTY === true, process.stdout);
  useBothOutputs(() => ctx.result.exitCode);
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return Exit.USAGE;
    }
    await program.parseAsync(argv);
  } catch (e) {
    if (e instanceof CommanderError) return commanderExit(e.code);
    return printFailure(e, ctx.verb, ctx.json);
  }
  return printResult(ctx.result);
}
