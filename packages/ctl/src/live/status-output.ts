import type { StatusResult } from "@grace/protocol";
import type { Context } from "../context.js";
import { colourEnabled } from "../render/colour.js";
import type { Rendered } from "../render/output.js";
import { type Paint, renderJsonStatus, renderPlainStatus } from "../render/status.js";

const noPaint: Paint = (_state, text) => text;

/**
 * Pick the status renderer. The table needs cli-table3 and chalk: they are loaded only when a
 * terminal will show it (or FORCE_COLOR asks for colour), so plain and JSON output skip them.
 */
export async function renderStatusFor(ctx: Pick<Context, "json" | "isTTY" | "env" | "noColor">, result: StatusResult): Promise<Rendered> {
  if (ctx.json) return renderJsonStatus(result);
  const colour = colourEnabled(ctx.env, ctx.isTTY, ctx.noColor);
  if (!ctx.isTTY && !colour) return renderPlainStatus(result);
  const tty = await import("../render/tty.js");
  const paint = colour ? tty.paintState : noPaint;
  return ctx.isTTY ? tty.renderTableStatus(result, paint) : renderPlainStatus(result, paint);
}
