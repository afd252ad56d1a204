import type { ProcessInfo, StatusResult } from "@grace/protocol";
import type { Client } from "../client.js";
import type { Context } from "../context.js";
import { UnreachableError } from "../errors.js";
import { Exit, type Rendered } from "../render/output.js";
import { plainLine, plainWidth } from "../render/status.js";
import { renderStatusFor } from "./status-output.js";

const CLEAR_SCREEN = "\x1b[H\x1b[2J";

/** Resolves on Ctrl-C or SIGTERM: the normal end of a watch. */
function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}

/**
 * `status --watch`: one snapshot, then a redraw on every `stateChange` notification — graced
 * pushes changes, nothing polls. A terminal gets the table redrawn; a pipe gets one plain line
 * per change; `--json` one JSON object per line.
 */
export async function watchStatus(ctx: Context, client: Client, names: string[]): Promise<Rendered> {
  const shown = new Map<string, ProcessInfo>();
  let unknown: StatusResult["unknown"] = [];
  const write = (text: string) => ctx.terminal.write(text);
  const redraw = async () => {
    const { text } = await renderStatusFor(ctx, { processes: [...shown.values()], unknown });
    write(`${CLEAR_SCREEN}${text}\nwatching for state changes (Ctrl-C to quit)\n`);
  };
  let queue = Promise.resolve();
  client.on("stateChange", (change) => {
    // with names given, only the processes the snapshot matched are shown
    if (names.length > 0 && !shown.has(change.info.fullName)) return;
    shown.set(change.info.fullName, change.info);
    if (ctx.json) write(`${JSON.stringify({ event: "stateChange", from: change.from, info: change.info })}\n`);
    else if (ctx.isTTY) queue = queue.then(redraw);
    else write(`${plainLine(change.info, plainWidth([...shown.values()]))}\n`);
  });
  await client.call("subscribe", { events: ["state"] });
  const snapshot = await client.call("status", { names });
  for (const p of snapshot.processes) if (!shown.has(p.fullName)) shown.set(p.fullName, p);
  unknown = snapshot.unknown;
  if (ctx.json) write(`${JSON.stringify({ event: "snapshot", ...snapshot })}\n`);
  else if (ctx.isTTY) await redraw();
  else write(`${(await renderStatusFor(ctx, snapshot)).text}\n`);
  const ended = await Promise.race([interrupted().then(() => "interrupted" as const), client.closed.then(() => "closed" as const)]);
  if (ended === "closed") throw new UnreachableError(client.path, "graced closed the connection");
  return { text: "", exitCode: Exit.OK };
}
