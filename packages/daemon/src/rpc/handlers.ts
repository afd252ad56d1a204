import { MAX_WAIT_SECONDS, type Methods, PROTOCOL_VERSION, RpcError, SUBSCRIBE_EVENTS, type WaitFor } from "@grace/protocol";
import { JSONRPCErrorException, type TypedJSONRPCServer } from "json-rpc-2.0";
import { parseSignal } from "../config/values.js";
import type { Supervisor } from "../engine/supervisor.js";
import { authRequired, type Credentials, checkCredentials } from "../http/credentials.js";
import type { Reloader } from "../reload/apply.js";
import { faultError, groupChangeResults, groupResults, nameResults, statusResult, toWire } from "./faults.js";

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
  credentials: Credentials;
  requestShutdown: () => void;
};

export function invalid(field: string, why: string): JSONRPCErrorException {
  return new JSONRPCErrorException(`invalid params: ${field} ${why}`, RpcError.INVALID_PARAMS, { field });
}

const field = (params: unknown, name: string): unknown =>
  params !== null && typeof params === "object" ? (params as Record<string, unknown>)[name] : undefined;

export function readNames(params: unknown, required: boolean): string[] {
  const names = field(params, "names");
  if (names === undefined && !required) return [];
  if (!Array.isArray(names) || names.some((n) => typeof n !== "string" || n === "")) {
    throw invalid("names", "must be an array of non-empty strings");
  }
  if (required && names.length === 0) throw invalid("names", "must name at least one process");
  return names;
}

/** A boolean parameter; absent = true. */
function readFlag(params: unknown, name: "wait" | "deps"): boolean {
  const value = field(params, name);
  if (value === undefined) return true;
  if (typeof value !== "boolean") throw invalid(name, "must be a boolean");
  return value;
}

const readWait = (params: unknown) => readFlag(params, "wait");

function readString(params: unknown, name: string): string {
  const value = field(params, name);
  if (typeof value !== "string" || value === "") throw invalid(name, "must be a non-empty string");
  return value;
}

function readWaitFor(params: unknown): WaitFor {
  const value = field(params, "for");
  if (value !== "running" && value !== "ready" && value !== "stopped") throw invalid("for", 'must be "running", "ready" or "stopped"');
  return value;
}

/** `health`'s `ready`: false when absent. */
function readReady(params: unknown): boolean {
  const value = field(params, "ready");
  if (value === undefined) return false;
  if (typeof value !== "boolean") throw invalid("ready", "must be a boolean");
  return value;
}

function readTimeoutMs(params: unknown): number {
  const value = field(params, "timeout");
  if (value === undefined) return 0;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0)
    throw invalid("timeout", "must be a non-negative number of seconds");
  // a timer cannot hold more; Node would fire it at once (TimeoutOverflowWarning)
  if (value > MAX_WAIT_SECONDS) throw invalid("timeout", `must be at most ${MAX_WAIT_SECONDS} seconds (0 = no limit), got ${value}`);
  return value * 1000;
}

/** A signal name the daemon can send, or null when it is not one (reported per process). */
function readSignal(params: unknown): string | null {
  const raw = readString(params, "signal");
  try {
    return parseSignal(raw);
  } catch {
    return null;
  }
}

/**
 * Every method's errors pass through rpc/faults.ts on their way out: a handler cannot throw a
 * domain error past the mapping. Applied first, so it wraps the authentication check too.
 */
function translateErrors(server: TypedJSONRPCServer<Methods, Session>): void {
  server.applyMiddleware(async (next, request, session) => {
    try {
      return await next(request, session);
    } catch (e) {
      throw toWire(e);
    }
  });
}

/** With credentials configured, every method but `authenticate` needs an authenticated session. */
function requireAuth(server: TypedJSONRPCServer<Methods, Session>, credentials: Credentials): void {
  if (!authRequired(credentials)) return;
  server.applyMiddleware(async (next, request, session) => {
    if (session.authenticated || request.method === "authenticate") return next(request, session);
    if (request.id === undefined) return null;
    throw faultError("UNAUTHORIZED", "unauthorized: authenticate first");
  });
}

export function registerHandlers(server: TypedJSONRPCServer<Methods, Session>, deps: HandlerDeps): void {
  const { supervisor } = deps;
  translateErrors(server);
  requireAuth(server, deps.credentials);
  server.addMethod("authenticate", (params, session) => {
    const password = field(params, "password") ?? "";
    // not String(password): turning a 100,000-deep array into text overflows the stack
    if (typeof password !== "string") throw invalid("password", "must be a string");
    const given = { username: readString(params, "username"), password };
    if (authRequired(deps.credentials) && !checkCredentials(deps.credentials, given)) {
      throw faultError("UNAUTHORIZED", "unauthorized: wrong username or password");
    }
    session.authenticated = true;
    return { authenticated: true as const };
  });
  server.addMethod("status", (params) => statusResult(supervisor.status(readNames(params, false))));
  server.addMethod("start", async (params) =>
    nameResults(await supervisor.start(readNames(params, true), readWait(params), readFlag(params, "deps"))),
  );
  server.addMethod("stop", async (params) =>
    nameResults(await supervisor.stop(readNames(params, true), readWait(params), readFlag(params, "deps"))),
  );
  server.addMethod("restart", async (params) =>
    nameResults(await supervisor.restart(readNames(params, true), readWait(params), readFlag(params, "deps"))),
  );
  server.addMethod("health", (params) => supervisor.health(readNames(params, false), readReady(params)));
  const { reloader } = deps;
  server.addMethod("reread", () => reloader.reread());
  server.addMethod("update", async (params) => groupChangeResults(await reloader.update(readNames(params, false))));
  server.addMethod("reload", async () => groupChangeResults(await reloader.update([])));
  server.addMethod("addGroups", async (params) => groupResults(await reloader.add(readNames(params, true))));
  server.addMethod("removeGroups", async (params) => groupResults(await reloader.remove(readNames(params, true))));
  server.addMethod("avail", () => reloader.avail());
  server.addMethod("signal", (params) => nameResults(supervisor.signal(readNames(params, true), readSignal(params))));
  server.addMethod("wait", async (params) =>
    nameResults(await supervisor.wait(readNames(params, true), readWaitFor(params), readTimeoutMs(params))),
  );
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
    const events = field(params, "events");
    if (!Array.isArray(events) || events.some((e) => !(SUBSCRIBE_EVENTS as readonly unknown[]).includes(e)))
      throw invalid("events", `must be an array of ${SUBSCRIBE_EVENTS.map((e) => `"${e}"`).join(" or ")}`);
    for (const e of events) session.subscribed.add(e);
    return { subscribed: [...session.subscribed] };
  });
}
