import { Command } from "commander";
import type { Context } from "../context.js";
import { renderStatusFor } from "../live/status-output.js";
import { watchStatus } from "../live/watch.js";

export function statusCommand(ctx: Context): Command {
  return new Command("status")
    .description("show the state of processes (all when no name is given); exit 3 if any is not running")
    .argument("[names...]", "name, group:name, group:* or all")
    .option("-w, --watch", "keep showing the status, redrawn on every state change (Ctrl-C to quit)")
    .addHelpText("after", "\nExamples:\n  gracectl status\n  gracectl status web worker:*\n  gracectl status --watch")
    .action(async (names: string[], opts: { watch?: boolean }) => {
      const wanted = names.includes("all") ? [] : names;
      if (opts.watch) {
        ctx.result = await ctx.withClient((c) => watchStatus(ctx, c, wanted));
        return;
      }
      const result = await ctx.withClient((c) => c.call("status", { names: wanted }));
      ctx.result = await renderStatusFor(ctx, result);
    });
}
