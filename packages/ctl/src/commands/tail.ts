import type { LogStream, TailResult } from "@grace/protocol";
import { Command } from "commander";
import type { Context } from "../context.js";
import { UsageError } from "../errors.js";
import { renderFollowEnded, renderRefusal } from "../render/faults.js";
import { renderLogChunk, renderTail } from "../render/tail.js";

export type TailArgs = { bytes: number | undefined; name: string; stream: LogStream };

/** supervisorctl's `tail [-BYTES] NAME [stdout|stderr]`; -BYTES arrives as a lone "-1600" word. */
export function parseTailArgs(words: string[], wantName: boolean): TailArgs {
  let bytes: number | undefined;
  const rest: string[] = [];
  for (const w of words) {
    if (/^-\d+$/.test(w)) bytes = Number(w.slice(1));
    else if (w.startsWith("-")) throw new UsageError(`unknown option ${JSON.stringify(w)}`);
    else rest.push(w);
  }
  if (!wantName) {
    if (rest.length > 0) throw new UsageError(`maintail takes no name, got ${JSON.stringify(rest[0])}`);
    return { bytes, name: "", stream: "stdout" };
  }
  const [name, stream = "stdout", extra] = rest;
  if (!name) throw new UsageError("tail needs a process name");
  if (stream !== "stdout" && stream !== "stderr") throw new UsageError(`stream must be stdout or stderr, got ${JSON.stringify(stream)}`);
  if (extra !== undefined) throw new UsageError(`too many arguments: ${JSON.stringify(extra)}`);
  return { bytes, name, stream };
}

type Write = (text: string) => void;

/**
 * `tail` and `maintail`. With -f the end of the log is printed, then every new chunk as graced
 * pushes it (notifications, never polling); chunks that arrive before the answer are held,
 * so output is in order. Runs until Ctrl-C or until graced closes the connection.
 */
export function tailCommand(ctx: Context, verb: "tail" | "maintail", write: Write = (t) => process.stdout.write(t)): Command {
  const isTail = verb === "tail";
  return new Command(verb)
    .description(isTail ? "show the end of a process's log (-f: keep following)" : "show the end of graced's own log (-f: keep following)")
    .option("-f, --follow", "keep printing new output until Ctrl-C")
    .argument(isTail ? "<args...>" : "[args...]", isTail ? "[-BYTES] NAME [stdout|stderr]" : "[-BYTES]")
    .allowUnknownOption(true)
    .addHelpText(
      "after",
      isTail ? "\nExamples:\n  gracectl tail web\n  gracectl tail -f -4000 web stderr" : "\nExamples:\n  gracectl maintail -f",
    )
    .action(async (words: string[], opts: { follow?: boolean }) => {
      const args = parseTailArgs(words, isTail);
      const follow = opts.follow === true;
      const json = ctx.globals().json === true;
      await ctx.withClient(async (client) => {
        const held: string[] = [];
        let answered = false;
        client.on("log", (chunk) => {
          const text = renderLogChunk(chunk, json);
          if (answered) write(text);
          else held.push(text);
        });
        let result: TailResult;
        try {
          result = isTail
            ? await client.call("tail", { name: args.name, stream: args.stream, bytes: args.bytes, follow })
            : await client.call("maintail", { bytes: args.bytes, follow });
        } catch (e) {
          const refused = renderRefusal(e, verb, args.name);
          if (!refused) throw e;
          ctx.result = refused;
          return;
        }
        if (!follow) {
          ctx.result = renderTail(result, json);
          return;
        }
        if (ctx.isTTY && !json) write("==> Press Ctrl-C to exit <==\n");
        write(json ? `${JSON.stringify({ ...result, following: true })}\n` : result.data);
        answered = true;
        for (const text of held.splice(0)) write(text);
        await client.closed;
        ctx.result = renderFollowEnded();
      });
    });
}
