import type { ShutdownComplete } from "@grace/protocol";
import { Command } from "commander";
import type { Client } from "../client.js";
import type { Context } from "../context.js";
import { DeadlineError, UnreachableError } from "../errors.js";
import { followProgress } from "../live/progress.js";
import { renderShutdown, shutdownLine, stoppedByShutdown } from "../render/shutdown.js";

const HEARTBEAT_MS = 1000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Wait for graced's `shutdownComplete` announcement. Not for its pid: in a container graced
 * is PID 1 (in our namespace, or someone else's init from outside it), and its exit there
 * would SIGKILL us before we said anything. Until the announcement graced must keep
 * answering (a wedged daemon fails the heartbeat); a close without it is a failure.
 */
async function waitForCompletion(client: Client, deadlineMs: number): Promise<ShutdownComplete> {
  const deadline = deadlineMs > 0 ? Date.now() + deadlineMs : Number.POSITIVE_INFINITY;
  let complete: ShutdownComplete | undefined;
  const announced = new Promise<true>((resolve) =>
    client.on("shutdownComplete", (announcement) => {
      complete = announcement;
      resolve(true);
    }),
  );
  const closed = client.closed.then(() => false);
  await client.call("subscribe", { events: ["shutdown"] });
  await client.call("shutdown", {});
  for (;;) {
    const ended = await Promise.race([announced, closed, sleep(HEARTBEAT_MS).then(() => undefined)]);
    if (complete) return complete;
    if (ended === false) throw new UnreachableError(client.path, "graced closed the connection before its shutdown was complete");
    if (Date.now() > deadline) throw new DeadlineError(deadlineMs / 1000);
    await client.call("version", {}).catch((e) => {
      if (!complete) throw e; // the connection ended right after the announcement: that is success
    });
  }
}

/** `shutdown`: stop everything; waits until graced announces the end (`--no-wait`: return at once). */
export function shutdownCommand(ctx: Context): Command {
  return new Command("shutdown")
    .description("stop every program and graced itself; waits until graced has stopped everything and is exiting")
    .option("--no-wait", "return as soon as graced has accepted the request")
    .addHelpText("after", "\nExamples:\n  gracectl shutdown\n  gracectl shutdown --no-wait\n  gracectl --timeout 9 shutdown")
    .action(async (opts: { wait: boolean }) => {
      ctx.result = await ctx.withClient(
        async (client) => {
          const { pid } = await client.call("version", {});
          if (!opts.wait) {
            await client.call("shutdown", {});
            return renderShutdown({ pid, waited: false, entries: [] }, ctx.json);
          }
          // a script reads each program's line as it stops; a terminal has the live block instead
          const streamed = !ctx.live && !ctx.json;
          return followProgress(ctx, client, [], async (tracker) => {
            if (streamed)
              tracker.onStopped = (e) => {
                if (stoppedByShutdown(e)) ctx.terminal.write(`${shutdownLine(e)}\n`);
              };
            const { exitStatus } = await waitForCompletion(client, ctx.deadlineMs());
            return renderShutdown({ pid, waited: true, entries: [...tracker.entries.values()], streamed, exitStatus }, ctx.json);
          });
        },
        // graced waits for us to leave before it exits: we leave by exiting, after printing
        { closeAtExit: opts.wait },
      );
    });
}
