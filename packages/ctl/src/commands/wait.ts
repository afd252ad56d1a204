import type { WaitFor } from "@grace/protocol";
import { Command, Option } from "commander";
import type { Context } from "../context.js";
import { renderResults } from "../render/results.js";

/** Margin on top of the server-side timeout, so graced's own answer arrives first. */
const ANSWER_MARGIN_MS = 2000;

/**
 * `wait NAME… --for running|ready|stopped [--timeout S]`: block until each process gets there.
 * `--timeout` is the global option (commander hands it to the program, wherever it is typed).
 */
export function waitCommand(ctx: Context): Command {
  return new Command("wait")
    .description("wait until processes are RUNNING, ready (RUNNING and their ready_check passed) or stopped")
    .argument("<names...>", "name, group:name, group:* or all")
    .addOption(new Option("--for <state>", "the state to wait for").choices(["running", "ready", "stopped"]).makeOptionMandatory())
    .addHelpText(
      "after",
      "\nExamples:\n  gracectl wait web --for running --timeout 30\n  gracectl wait db --for ready --timeout 60\n  gracectl wait all --for stopped",
    )
    .action(async (names: string[], opts: { for: WaitFor }) => {
      // the global --timeout bounds the wait on graced's side, which then answers per name
      const timeoutMs = ctx.deadlineMs();
      const results = await ctx.withClient((c) =>
        c.callLong("wait", { names, for: opts.for, timeout: timeoutMs / 1000 }, timeoutMs > 0 ? timeoutMs + ANSWER_MARGIN_MS : 0),
      );
      ctx.result = renderResults(results, "wait", ctx.json);
    });
}
