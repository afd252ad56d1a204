import { Command } from "commander";
import type { Client } from "../client.js";
import type { Context } from "../context.js";
import { DeadlineError } from "../errors.js";
import { followProgress } from "../live/progress.js";
import { renderResults, renderTimedOut } from "../render/results.js";

type ControlVerb = "start" | "stop" | "restart";

const HELP: Record<ControlVerb, { description: string; example: string }> = {
  start: {
    description: "start processes and wait until they are RUNNING; their stopped dependencies (depends_on) start first",
    example: "gracectl start web\n  gracectl start worker:*\n  gracectl start --no-deps web   # web alone, now, whatever its dependencies",
  },
  stop: {
    description: "stop processes and what depends on them (dependents first, then level by level) and wait until they are stopped",
    example:
      "gracectl stop web\n  gracectl stop db              # web and app first, when they depend on db\n  gracectl stop --no-deps db    # db alone\n  gracectl stop all\n  gracectl --timeout 8 stop all   # in a trap: give up after 8 s",
  },
  restart: {
    description: "restart processes: stop them level by level (highest priority first), then start them in priority order",
    example: "gracectl restart web worker:*\n  gracectl restart --no-deps db   # db alone, not what depends on it",
  },
};

/** What `--no-deps` leaves out, per verb (issue 14). */
const NO_DEPS: Record<ControlVerb, string> = {
  start: "start only the named processes, at once: not their stopped dependencies, nor waiting for them",
  stop: "stop only the named processes, not what depends on them",
  restart: "restart only the named processes: not what depends on them, nor their stopped dependencies",
};

/** What `--timeout` expiry leaves behind: every named process's state now. */
async function reportTimeout(ctx: Context, client: Client, verb: ControlVerb, names: string[], e: DeadlineError) {
  const { processes } = await client.call("status", { names });
  return renderTimedOut(processes, verb === "stop" ? "stopped" : "running", e.seconds, ctx.json);
}

/** start, stop and restart share their shape: names in, one result line per process out. */
export function controlCommand(ctx: Context, verb: ControlVerb): Command {
  const command = new Command(verb)
    .description(HELP[verb].description)
    .argument("<names...>", "name, group:name, group:* or all")
    .addHelpText("after", `\nExamples:\n  ${HELP[verb].example}`);
  command.option("--no-deps", NO_DEPS[verb]);
  return command.action(async (names: string[], opts: { deps?: boolean }) => {
    ctx.result = await ctx.withClient(async (client) => {
      // commander turns --no-deps into deps: false
      const params = { names, wait: true, deps: opts.deps !== false };
      const run = () => client.callLong(verb, params, ctx.deadlineMs());
      try {
        // stop/restart on a terminal show each program's progress against its grace period
        const results = verb !== "start" && ctx.live ? await followProgress(ctx, client, names, run) : await run();
        return renderResults(results, verb, ctx.json);
      } catch (e) {
        if (e instanceof DeadlineError) return reportTimeout(ctx, client, verb, names, e);
        throw e;
      }
    });
  });
}
