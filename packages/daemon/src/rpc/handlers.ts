import { Fault, type Methods, PROTOCOL_VERSION, RpcError } from "@grace/protocol";
import { JSONRPCErrorException, type TypedJSONRPCServer } from "json-rpc-2.0";
import { NoLogFileError } from "../logs/output.js";
import type { Reloader } from "../reload/apply.js";
import { type Supervisor, SupervisorError } from "../supervisor.js";

/** Per-connection state the handlers may read or change. */
export type Session = {
  subscribed: Set<string>;
  authenticated: boolean;
};

export type HandlerDeps = {
  supervisor: Supervisor;
  reloader: Reloader;
  version: string;
  identifier: string;
  requestShutdown: () => void;
};

export function invalid(field: string, why: string): JSONRPCErrorException {
  return new JSONRPCErrorException(`invalid params: ${field} ${why}`, RpcError.INVALID_PARAMS, { field });
}

export function readNames(params: unknown, required: boolean): string[] {
  const names = (params as { names?: unknown } | undefined)?.names;
  if (names === undefined && !required) return [];
  if (!Array.isArray(names) || names.some((n) => typeof n !== "string" || n === "")) {
    throw invalid("names", "must be an array of non-empty strings");
  }
  if (required && names.length === 0) throw invalid("names", "must name at least one process");
  return names;
}

function readWait(params: unknown): boolean {
  const wait = (params as { wait?: unknown } | undefined)?.wait;
  if (wait === undefined) return true;
  if (typeof wait !== "boolean") throw invalid("wait", "must be a boolean");
  return wait;
}

/** Domain errors → wire errors, in exactly one place (STYLE habit 4). */
export async function translate<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof SupervisorError) throw new JSONRPCErrorException(e.message, e.fault);
    if (e instanceof NoLogFileError) throw new JSONRPCErrorException(e.message, Fault.NO_FILE);
    throw e;
  }
}

export function registerHandlers(server: TypedJSONRPCServer<Methods, Session>, deps: HandlerDeps): void {
  const { supervisor } = deps;
  server.addMethod("status", (params) => translate(() => supervisor.status(readNames(params, false))));
  server.addMethod("start", (params) => translate(() => supervisor.start(readNames(params, true), readWait(params))));
  server.addMethod("stop", (params) => translate(() => supervisor.stop(readNames(params, true), readWait(params))));
  server.addMethod("restart", (params) => translate(() => supervisor.restart(readNames(params, true), readWait(params))));
  const { reloader } = deps;
  server.addMethod("reread", () => translate(() => reloader.reread()));
  server.addMethod("update", (params) => translate(() => reloader.update(readNames(params, false))));
  server.addMethod("reload", () => translate(() => reloader.update([])));
  server.addMethod("addGroups", (params) => translate(() => reloader.add(readNames(params, true))));
  server.addMethod("removeGroups", (params) => translate(() => reloader.remove(readNames(params, true))));
  server.addMethod("avail", () => translate(() => reloader.avail()));
  server.addMethod("version", () => ({
    version: deps.version,
    protocol: PROTOCOL_VERSION,
    identifier: deps.identifier,
    pid: process.pid,
  }));
  server.addMethod("shutdown", () => {
    deps.requestShutdown();
    return { accepted: true as const };
  });
  server.addMethod("subscribe", (params, session) => {
    const events = (params as { events?: unknown } | undefined)?.events;
    if (!Array.isArray(events) || events.some((e) => e !== "state")) throw invalid("events", 'must be an array of "state"');
    for (const e of events) session.subscribed.add(e);
    return { subscribed: [...session.subscribed] };
  });
}
