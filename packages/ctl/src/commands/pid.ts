import { Command } from "commander";
import type { Context } from "../context.js";
import { renderDaemonPid, renderPids } from "../render/pid.js";

/** `pid` prints graced's pid; `pid NAME` a process's; `pid all` every process's. */
export function pidCommand(ctx: Context): Command {
  return new Command("pid")
    .description("print graced's pid, or the pid of processes (0 when not running, exit 7)")
    .argument("[names...]", "name, group:name, group:* or all")
    .addHelpText("after", "\nExamples:\n  gracectl pid\n  gracectl pid web\n  kill -USR1 $(gracectl pid web)")
    .action(async (names: string[]) => {
      ctx.result = await ctx.withClient(async (c) => {
        if (names.length === 0) return renderDaemonPid((await c.call("version", {})).pid, ctx.json);
        return renderPids(await c.call("status", { names }), ctx.json);
      });
    });
}
