import { type LogStream, MAX_TAIL_BYTES, type Methods, type TailResult } from "@grace/protocol";
import type { TypedJSONRPCServer } from "json-rpc-2.0";
import { resolveNames } from "../engine/names.js";
import type { Supervisor } from "../engine/supervisor.js";
import type { MainLog } from "../logs/main-log.js";
import type { OutputManager } from "../logs/output.js";
import type { ManagedProcess } from "../process/managed-process.js";
import { EngineError, type NameOutcome } from "../process/outcome.js";
import { nameResults } from "./faults.js";
import { invalid, readNames, type Session } from "./handlers.js";
import { logTopic, MAIN_LOG_TOPIC } from "./topics.js";

export type LogHandlerDeps = { supervisor: Supervisor; output: OutputManager; mainLog: MainLog };

/** supervisorctl's default for `tail` without -BYTES. */
const DEFAULT_TAIL_BYTES = 1600;

function readTailOptions(params: unknown): { bytes: number; follow: boolean } {
  const p = (params ?? {}) as { bytes?: unknown; follow?: unknown };
  const bytes = p.bytes ?? DEFAULT_TAIL_BYTES;
  if (typeof bytes !== "number" || !Number.isInteger(bytes) || bytes < 0) throw invalid("bytes", "must be a non-negative integer");
  const follow = p.follow ?? false;
  if (typeof follow !== "boolean") throw invalid("follow", "must be a boolean");
  // more than the cap reads the last MAX_TAIL_BYTES, as a bigger `bytes` than the file reads it all
  return { bytes: Math.min(bytes, MAX_TAIL_BYTES), follow };
}

function readStream(params: unknown): LogStream {
  const stream = (params as { stream?: unknown }).stream ?? "stdout";
  if (stream !== "stdout" && stream !== "stderr") throw invalid("stream", 'must be "stdout" or "stderr"');
  return stream;
}

const named = (p: ManagedProcess) => ({ name: p.cfg.name, group: p.cfg.group, proc: p });

/** Exactly one process for `tail`; a group or `all` is a bad name, as in supervisorctl. */
function findOne(supervisor: Supervisor, name: string): ManagedProcess {
  const { matches } = resolveNames([name], supervisor.list().map(named));
  const items = matches[0]?.items ?? [];
  const [only] = items;
  if (!only || items.length !== 1) throw new EngineError("unknown-name", `no such process: ${name}`, "process");
  return only.proc;
}

function result(r: { data: Buffer; size: number; path: string }, following: boolean): TailResult {
  return { data: r.data.toString("utf8"), size: r.size, path: r.path, following };
}

export function registerLogHandlers(server: TypedJSONRPCServer<Methods, Session>, deps: LogHandlerDeps): void {
  const { supervisor, output, mainLog } = deps;

  server.addMethod("tail", async (params, session) => {
    const name = (params as { name?: unknown } | undefined)?.name;
    if (typeof name !== "string" || name === "") throw invalid("name", "must be a non-empty string");
    const stream = readStream(params);
    const { bytes, follow } = readTailOptions(params);
    const proc = findOne(supervisor, name);
    // Subscribe in the same tick the read is queued: the read holds every byte accepted
    // before it, the notifications every byte after — no gap, no repeat.
    const topic = logTopic(proc.fullName, proc.cfg.redirectStderr ? "stdout" : stream);
    if (follow) session.subscribed.add(topic);
    try {
      return result(await output.tail(proc, stream, bytes), follow);
    } catch (e) {
      session.subscribed.delete(topic);
      throw e;
    }
  });

  server.addMethod("maintail", async (params, session) => {
    const { bytes, follow } = readTailOptions(params);
    const topic = MAIN_LOG_TOPIC;
    if (follow) session.subscribed.add(topic);
    try {
      return result(await mainLog.tail(bytes), follow);
    } catch (e) {
      session.subscribed.delete(topic); // nothing to follow (NO_FILE): no stream either
      throw e;
    }
  });

  server.addMethod("clear", async (params) => {
    const { matches, unknown } = resolveNames(readNames(params, true), supervisor.list().map(named));
    const outcomes: NameOutcome[] = [...unknown];
    for (const proc of new Set(matches.flatMap((m) => m.items.map((i) => i.proc)))) {
      await output.clear(proc);
      outcomes.push({ name: proc.cfg.name, group: proc.cfg.group, code: "ok", description: "cleared" });
    }
    return nameResults(outcomes);
  });
}
