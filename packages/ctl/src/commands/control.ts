import { Command } from "commander";
import type { Context } from "../context.js";
import { renderResults, type Verb } from "../render/results.js";

const HELP: Record<Verb, { description: string; example: string }> = {
  start: {
    description: "start processes and wait until they are RUNNING",
    example: "gracectl start web\n  gracectl start worker:*\n  gracectl start all",
  },
  stop: {
    description: "stop processes (together, level by level) and wait until they are stopped",
    example: "gracectl stop web\n  gracectl stop all",
  },
  restart: { description: "restart processes; each starts again as soon as it has stopped", example: "gracectl restart web worker:*" },
};

/** start, stop and restart share their shape: names in, one result line per process out. */
export function controlCommand(ctx: Context, verb: Verb): Command {
  return new Command(verb)
    .description(HELP[verb].description)
    .argument("<names...>", "name, group:name, group:* or all")
    .addHelpText("after", `\nExamples:\n  ${HELP[verb].example}`)
    .action(async (names: string[]) => {
      const results = await ctx.withClient((c) => c.call(verb, { names, wait: true }));
      ctx.result = renderResults(results, verb, ctx.globals().json === true);
    });
}
