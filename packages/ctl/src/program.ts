import { GRACE_VERSION } from "@grace/protocol";
import { Command } from "commander";
import { clearCommand } from "./commands/clear.js";
import { configCommands } from "./commands/config.js";
import { controlCommand } from "./commands/control.js";
import { statusCommand } from "./commands/status.js";
import { tailCommand } from "./commands/tail.js";
import { Context, type GlobalOptions } from "./context.js";

export function buildProgram(env: Record<string, string | undefined>, isTTY: boolean): { program: Command; ctx: Context } {
  const program = new Command("gracectl");
  const ctx = new Context(() => program.opts<GlobalOptions>(), env, isTTY);
  program
    .description("control graced: status, start, stop, restart …")
    .version(GRACE_VERSION, "-v, --version")
    .option("-c, --configuration <file>", "read the socket and credentials from this config")
    .option("-s, --serverurl <url>", "graced's socket, unix:///path/to.sock")
    .option("-u, --username <user>", "username for graced's socket")
    .option("-p, --password <pass>", "password for graced's socket")
    .option("--json", "print machine-readable JSON")
    .option("--no-color", "never colour the output")
    .showSuggestionAfterError(true)
    .exitOverride()
    .hook("preAction", (_program, action) => {
      ctx.verb = action.name();
    });
  program.addCommand(statusCommand(ctx));
  for (const verb of ["start", "stop", "restart"] as const) program.addCommand(controlCommand(ctx, verb));
  program.addCommand(tailCommand(ctx, "tail"));
  program.addCommand(tailCommand(ctx, "maintail"));
  program.addCommand(clearCommand(ctx));
  for (const cmd of configCommands(ctx)) program.addCommand(cmd);
  for (const cmd of program.commands) cmd.exitOverride();
  return { program, ctx };
}
