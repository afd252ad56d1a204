import { Command } from "commander";
import type { Context } from "../context.js";
import { renderHealth } from "../render/health.js";

/**
 * `health [--ready] [NAME…]`: exit 0 when every autostart process (or each named one) is
 * RUNNING, and ready with `--ready`; else 1 with one line saying what is not. One request, so
 * that Docker's HEALTHCHECK and Kubernetes' exec probes, run every few seconds, cost little.
 */
export function healthCommand(ctx: Context): Command {
  return new Command("health")
    .description("exit 0 when every autostart process (or each named one) is RUNNING (and ready with --ready), else 1 with why")
    .argument("[names...]", "name, group:name, group:* or all (default: every autostart process)")
    .option("--ready", "also require each process's ready_check to have passed")
    .addHelpText(
      "after",
      '\nExamples:\n  HEALTHCHECK --interval=10s CMD ["gracectl", "health", "--ready"]\n  gracectl health web db   # exit 1 while either is not RUNNING',
    )
    .action(async (names: string[], opts: { ready?: boolean }) => {
      const ready = opts.ready === true;
      const wanted = names.includes("all") ? [] : names;
      const result = await ctx.withClient((c) => c.call("health", { names: wanted, ready }));
      ctx.result = renderHealth(result, ready, ctx.json);
    });
}
