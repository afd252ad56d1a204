import { Command } from "commander";
import type { Context } from "../context.js";
import { renderResults } from "../render/results.js";

/** `signal SIG NAME…`: send any signal; a process that is not running is an error (exit 7). */
export function signalCommand(ctx: Context): Command {
  return new Command("signal")
    .description("send a signal to processes (their process group unless stopasgroup=false)")
    .argument("<signal>", "HUP, SIGHUP or a number")
    .argument("<names...>", "name, group:name, group:* or all")
    .addHelpText("after", "\nExamples:\n  gracectl signal HUP nginx\n  gracectl signal USR1 worker:*")
    .action(async (signal: string, names: string[]) => {
      const results = await ctx.withClient((c) => c.call("signal", { signal, names }));
      ctx.result = renderResults(results, "signal", ctx.json);
    });
}
