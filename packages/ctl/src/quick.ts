import type { Socket } from "node:net";
import { encodeFrame, type FaultData, FrameDecoder, type Methods } from "@grace/protocol";
import { DEFAULT_REQUEST_TIMEOUT_MS, MAX_ANSWER_BYTES, noAnswerWithin, openSocket } from "./connect.js";
import type { GlobalOptions } from "./context.js";
import { RemoteError, UnreachableError } from "./errors.js";
import { renderStatusFor } from "./live/status-output.js";
import { checkPasswordTarget } from "./password-target.js";
import { renderHealth } from "./render/health.js";
import type { Rendered } from "./render/output.js";
import { resolveTarget } from "./target.js";

/**
 * The quick path: `gracectl status` and `gracectl health`, which traps, Docker's HEALTHCHECK
 * and Kubernetes' exec probes run every few seconds, answered without building the commander
 * program or loading json-rpc-2.0 (SPEC §8, issue 14: within 15 ms of `node -e 0`). It reads
 * the same options, reaches graced the same way and renders with the same functions as the
 * full CLI; any command line it does not know for certain goes to the full CLI instead.
 */

export type QuickCall = { verb: "status" | "health"; names: string[]; ready: boolean; globals: GlobalOptions };

/** The global options the quick path reads, as commander spells them; any other → the full CLI. */
const VALUED: Record<string, "configuration" | "serverurl"> = {
  "-c": "configuration",
  "--configuration": "configuration",
  "-s": "serverurl",
  "--serverurl": "serverurl",
};

/** The command line without node and the script, or null when the full CLI must read it. */
export function parseQuick(args: readonly string[]): QuickCall | null {
  const globals: GlobalOptions = {};
  let i = 0;
  for (; i < args.length && args[i].startsWith("-"); i++) {
    const arg = args[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    if (flag === "--json" && eq === -1) globals.json = true;
    else if (flag === "--no-color" && eq === -1) globals.color = false;
    else if (Object.hasOwn(VALUED, flag)) {
      const value = eq === -1 ? args[++i] : arg.slice(eq + 1);
      if (value === undefined || value === "" || value.startsWith("-")) return null;
      globals[VALUED[flag]] = value;
    } else return null;
  }
  const verb = args[i];
  if (verb !== "status" && verb !== "health") return null;
  const names: string[] = [];
  let ready = false;
  for (const arg of args.slice(i + 1)) {
    if (verb === "health" && arg === "--ready") ready = true;
    else if (arg === "" || arg.startsWith("-")) return null;
    else names.push(arg);
  }
  return { verb, names: names.includes("all") ? [] : names, ready, globals };
}

/** Ask graced and render the answer; failures are thrown as the full CLI's errors (render/faults.ts words them). */
export async function runQuick(call: QuickCall, env: Record<string, string | undefined>, isTTY: boolean): Promise<Rendered> {
  const target = resolveTarget(call.globals, env);
  const credentials = target.username !== null || target.password !== null;
  if (credentials) checkPasswordTarget(target.socket, process.getuid?.() ?? 0);
  const graced = new OneRequestAtATime(await openSocket(target.socket, DEFAULT_REQUEST_TIMEOUT_MS), target.socket);
  try {
    if (credentials) await graced.ask("authenticate", { username: target.username ?? "", password: target.password ?? "" });
    const json = call.globals.json === true;
    if (call.verb === "health") return renderHealth(await graced.ask("health", { names: call.names, ready: call.ready }), call.ready, json);
    const view = { json, isTTY, env, noColor: call.globals.color === false };
    return await renderStatusFor(view, await graced.ask("status", { names: call.names }));
  } finally {
    graced.close();
  }
}

/** A connection carrying one request at a time: write it, read frames until its answer. */
class OneRequestAtATime {
  private readonly decoder = new FrameDecoder(MAX_ANSWER_BYTES);
  private nextId = 1;
  private pending: { id: number; settle: (frame: AnswerFrame | Error) => void } | undefined;
  private closedReason = "graced closed the connection";

  constructor(
    private readonly socket: Socket,
    private readonly path: string,
  ) {
    socket.on("data", (chunk: Buffer) => {
      let frames: string[];
      try {
        frames = this.decoder.push(chunk);
      } catch (e) {
        this.fail(new UnreachableError(path, (e as Error).message));
        return;
      }
      for (const frame of frames) this.receive(frame);
    });
    socket.on("error", () => {});
    socket.once("close", () => this.fail(new UnreachableError(path, this.closedReason)));
  }

  ask<M extends keyof Methods>(method: M, params: Parameters<Methods[M]>[0]): Promise<ReturnType<Methods[M]>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => this.fail(new UnreachableError(this.path, noAnswerWithin(DEFAULT_REQUEST_TIMEOUT_MS))),
        DEFAULT_REQUEST_TIMEOUT_MS,
      );
      this.pending = {
        id,
        settle: (answer) => {
          clearTimeout(timer);
          this.pending = undefined;
          if (answer instanceof Error) reject(answer);
          else if (answer.error) {
            const { code, message, data } = answer.error;
            reject(
              new RemoteError(
                code,
                message,
                typeof data === "object" && data !== null ? (data as Partial<FaultData>) : undefined,
                this.path,
              ),
            );
          } else resolve(answer.result as ReturnType<Methods[M]>);
        },
      };
      this.socket.write(encodeFrame({ jsonrpc: "2.0", id, method, params }));
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(frame: string): void {
    let answer: AnswerFrame;
    try {
      answer = JSON.parse(frame);
    } catch {
      return;
    }
    if (typeof answer !== "object" || answer === null) return;
    // A transport error for the whole connection (bad frame, handshake timeout): graced closes.
    if (answer.id === null && answer.error) this.closedReason = `graced closed the connection: ${answer.error.message}`;
    else if (this.pending !== undefined && answer.id === this.pending.id) this.pending.settle(answer);
  }

  private fail(e: Error): void {
    this.pending?.settle(e);
  }
}

type AnswerFrame = {
  id?: number | null;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
};
