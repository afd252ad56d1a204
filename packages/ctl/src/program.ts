import { GRACE_VERSION } from "@grace/protocol";
import { Command } from "commander";
import { clearCommand } from "./commands/clear.js";
import { completeNamesCommand, completionCommand } from "./commands/completion.js";
import { configCommands } from "./commands/config.js";
import { controlCommand } from "./commands/control.js";
import { healthCommand } from "./commands/health.js";
import { pidCommand } from "./commands/pid.js";
import { shutdownCommand } from "./commands/shutdown.js";
import { signalCommand } from "./commands/signal.js";
import { statusCommand } from "./commands/status.js";
import { tailCommand } from "./commands/tail.js";
import { versionCommand } from "./commands/version.js";
import { waitCommand } from "./commands/wait.js";
import { Context, type GlobalOptions, type Terminal } from "./context.js";

const EXIT_CODES = `
Exit codes (supervisorctl's):
  0  success (also start of a started, stop of a stopped process)
  1  bad name, bad signal name, unknown command, --timeout passed
  2  usage error, no such group
  3  status: a listed process is STOPPED, EXITED, FATAL or UNKNOWN
  4  status: bad name, or graced cannot be reached
  7  graced cannot be reached; spawn error; abnormal termination; signal/pid of a process not running
  health: 0 healthy, 1 anything else (also when graced cannot be reached)`;

export function buildProgram(
  env: Record<string, string | undefined>,
  isTTY: boolean,
  terminal: Terminal,
): { program: Command; ctx: Context } {
  const program = new Command("gracectl");
  const ctx = new Context(() => program.opts<GlobalOptions>(), env, isTTY, terminal);
  program
    .description("control graced: status, start, stop, restart …")
    .version(GRACE_VERSION, "-v, --version")
    .option("-c, --configuration <file>", "read the socket and credentials from this config")
    .option("-s, --serverurl <url>", "graced's socket, unix:///path/to.sock (else $GRACE_SOCKET, the config, the default)")
    .option("-u, --username <user>", "username for graced's socket")
    .option("-p, --password <pass>", "password for graced's socket")
    .option("--json", "print machine-readable JSON")
    .option("--no-color", "never colour the output")
    .option("--timeout <seconds>", "give up after this many seconds (default: 5 s per request; long waits only while graced answers)")
    .addHelpText(
      "after",
      `${EXIT_CODES}\n\nExamples:\n  gracectl status\n  gracectl stop all\n  gracectl -s unix:///run/grace/grace.sock restart web`,
    )
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
  program.addCommand(signalCommand(ctx));
  program.addCommand(pidCommand(ctx));
  program.addCommand(waitCommand(ctx));
  program.addCommand(healthCommand(ctx));
  program.addCommand(shutdownCommand(ctx));
  program.addCommand(versionCommand(ctx));
  program.addCommand(completionCommand(ctx, program));
  program.addCommand(completeNamesCommand(ctx), { hidden: true });
  for (const cmd of program.commands) cmd.exitOverride();
  return { program, ctx };
}
