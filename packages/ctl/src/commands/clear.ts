import { Command } from "commander";
import type { Context } from "../context.js";
import { renderClear } from "../render/tail.js";

/** `clear NAME…`: empty the processes' log files (and drop their backups). */
export function clearCommand(ctx: Context): Command {
  return new Command("clear")
    .description("empty the log files of processes")
    .argument("<names...>", "name, group:name, group:* or all")
    .addHelpText("after", "\nExamples:\n  gracectl clear web\n  gracectl clear all")
    .action(async (names: string[]) => {
      const results = await ctx.withClient((c) => c.call("clear", { names }));
      ctx.result = renderClear(results, ctx.globals().json === true);
    });
}
