import { readFileSync } from "node:fs";
import { Command } from "commander";
import type { Client } from "../client.js";
import type { Context } from "../context.js";
import { DeadlineError } from "../errors.js";
import { followProgress } from "../live/progress.js";
import { renderShutdown } from "../render/shutdown.js";

const HEARTBEAT_MS = 1000;
const PID_POLL_MS = 20;
/** After the socket closed, graced only removes its pidfile and exits: this is plenty. */
const EXIT_AFTER_CLOSE_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A zombie has exited: it only waits for its parent to reap it, which is not ours to wait for. */
function isZombie(pid: number): boolean {
  try {
    return / Z /.test(readFileSync(`/proc/${pid}/stat`, "utf8").replace(/^.*\)/, ""));
  } catch {
    return false;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"; // alive, owned by someone else
  }
}

/**
 * graced closes every connection when its shutdown is complete, then exits. Until the close,
 * it must keep answering (a wedged daemon fails the heartbeat); after it, wait for the pid.
 */
async function waitForExit(client: Client, pid: number, deadlineMs: number): Promise<void> {
  const deadline = deadlineMs > 0 ? Date.now() + deadlineMs : Number.POSITIVE_INFINITY;
  const closed = client.closed.then(() => true);
  for (;;) {
    if (await Promise.race([closed, sleep(HEARTBEAT_MS).then(() => false)])) break;
    if (Date.now() > deadline) throw new DeadlineError(deadlineMs / 1000);
    try {
      await client.call("version", {});
    } catch (e) {
      if (await Promise.race([closed, sleep(50).then(() => false)])) break; // closed meanwhile: done
      throw e;
    }
  }
  const exitBy = Math.min(deadline, Date.now() + EXIT_AFTER_CLOSE_MS);
  while (alive(pid)) {
    if (Date.now() > exitBy) throw new DeadlineError((deadlineMs || EXIT_AFTER_CLOSE_MS) / 1000);
    await sleep(PID_POLL_MS);
  }
}

/** `shutdown`: stop everything and wait until graced has exited (`--no-wait`: return at once). */
export function shutdownCommand(ctx: Context): Command {
  return new Command("shutdown")
    .description("stop every program and graced itself; waits until graced has exited")
    .option("--no-wait", "return as soon as graced has accepted the request")
    .addHelpText("after", "\nExamples:\n  gracectl shutdown\n  gracectl shutdown --no-wait\n  gracectl --timeout 9 shutdown")
    .action(async (opts: { wait: boolean }) => {
      ctx.result = await ctx.withClient(async (client) => {
        const { pid } = await client.call("version", {});
        if (!opts.wait) {
          await client.call("shutdown", {});
          return renderShutdown({ pid, waited: false, entries: [] }, ctx.json);
        }
        return followProgress(ctx, client, [], async (tracker) => {
          await client.call("shutdown", {});
          await waitForExit(client, pid, ctx.deadlineMs());
          return renderShutdown({ pid, waited: true, entries: [...tracker.entries.values()] }, ctx.json);
        });
      });
    });
}
