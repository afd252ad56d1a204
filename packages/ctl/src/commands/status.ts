import { Command } from "commander";
import type { Context } from "../context.js";
import { colourEnabled, statePainter } from "../render/colour.js";
import { renderJsonStatus, renderPlainStatus, renderTableStatus } from "../render/status.js";

const STATUS_TIMEOUT_MS = 10_000;

export function statusCommand(ctx: Context): Command {
  return new Command("status")
    .description("show the state of processes (all when no name is given)")
    .argument("[names...]", "name, group:name, group:* or all")
    .addHelpText("after", "\nExamples:\n  gracectl status\n  gracectl status web worker:*")
    .action(async (names: string[]) => {
      const wanted = names.includes("all") ? [] : names;
      const result = await ctx.withClient((c) => c.call("status", { names: wanted }, STATUS_TIMEOUT_MS));
      const g = ctx.globals();
      if (g.json) ctx.result = renderJsonStatus(result);
      else if (ctx.isTTY) ctx.result = await renderTableStatus(result, await statePainter(colourEnabled(ctx.env, true, g.color === false)));
      else ctx.result = renderPlainStatus(result);
    });
}
