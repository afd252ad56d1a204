import { Command } from "commander";
import type { Context } from "../context.js";
import { renderAvail, renderGroupResults, renderReread, renderUpdate } from "../render/changes.js";
import { renderRefusal } from "../render/faults.js";
import type { Rendered } from "../render/output.js";

/**
 * Live config changes: reread, update, reload, add, remove, avail. A config graced cannot
 * read back (CANT_REREAD) is printed as supervisorctl does, `ERROR: …`, exit 1.
 */
async function orRereadError(verb: "reread" | "update" | "reload", run: () => Promise<Rendered>): Promise<Rendered> {
  try {
    return await run();
  } catch (e) {
    const refused = renderRefusal(e, verb, "");
    if (refused) return refused;
    throw e;
  }
}

export function rereadCommand(ctx: Context): Command {
  return new Command("reread")
    .description("read the config file again and show what changed; applies nothing")
    .addHelpText("after", "\nExamples:\n  gracectl reread")
    .action(async () => {
      ctx.result = await orRereadError("reread", async () =>
        renderReread(await ctx.withClient((c) => c.call("reread", {})), ctx.globals().json === true),
      );
    });
}

export function updateCommand(ctx: Context): Command {
  return new Command("update")
    .description("reread the config, then restart only changed groups, stop removed ones and start added ones")
    .argument("[groups...]", "group names, or all (the default)")
    .addHelpText("after", "\nExamples:\n  gracectl update\n  gracectl update web worker")
    .action(async (groups: string[]) => {
      ctx.result = await orRereadError("update", async () =>
        renderUpdate(await ctx.withClient((c) => c.callLong("update", { names: groups }, ctx.deadlineMs())), ctx.globals().json === true),
      );
    });
}

export function reloadCommand(ctx: Context): Command {
  return new Command("reload")
    .description("what SIGHUP does: reread the config and apply every change (unchanged programs keep running)")
    .addHelpText("after", "\nExamples:\n  gracectl reload")
    .action(async () => {
      ctx.result = await orRereadError("reload", async () =>
        renderUpdate(await ctx.withClient((c) => c.callLong("reload", {}, ctx.deadlineMs())), ctx.globals().json === true),
      );
    });
}

export function addCommand(ctx: Context): Command {
  return new Command("add")
    .description("bring groups of the last-read config into use (after reread)")
    .argument("<groups...>", "group names")
    .addHelpText("after", "\nExamples:\n  gracectl reread && gracectl add web")
    .action(async (groups: string[]) => {
      ctx.result = renderGroupResults(
        await ctx.withClient((c) => c.callLong("addGroups", { names: groups }, ctx.deadlineMs())),
        ctx.globals().json === true,
      );
    });
}

export function removeCommand(ctx: Context): Command {
  return new Command("remove")
    .description("take stopped groups out of use")
    .argument("<groups...>", "group names")
    .addHelpText("after", "\nExamples:\n  gracectl stop web:* && gracectl remove web")
    .action(async (groups: string[]) => {
      ctx.result = renderGroupResults(await ctx.withClient((c) => c.call("removeGroups", { names: groups })), ctx.globals().json === true);
    });
}

export function availCommand(ctx: Context): Command {
  return new Command("avail")
    .description("list every process of the config and whether it is in use")
    .addHelpText("after", "\nExamples:\n  gracectl avail")
    .action(async () => {
      ctx.result = renderAvail(await ctx.withClient((c) => c.call("avail", {})), ctx.globals().json === true);
    });
}

/** The whole family, in help order. */
export function configCommands(ctx: Context): Command[] {
  return [availCommand, rereadCommand, updateCommand, addCommand, removeCommand, reloadCommand].map((make) => make(ctx));
}
