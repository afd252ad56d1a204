import { statSync } from "node:fs";
import { Fault, type NameResult, type StateName, type VersionInfo } from "@grace/protocol";
import { parseSignal } from "../config/values.js";
import type { Supervisor } from "../engine/supervisor.js";
import type { MainLog } from "../logs/main-log.js";
import { NoLogFileError, type OutputManager } from "../logs/output.js";
import { readFileAt, sliceAt } from "../logs/read-at.js";
import { lookupAccount } from "../process/account.js";
import type { ManagedProcess } from "../process/managed-process.js";
import type { StdinPipes } from "../process/stdin.js";
import type { Reloader } from "../reload/apply.js";
import type { LogBytes, LogFollow, LogRange, LogTarget, SupervisedProcess, XmlRpcBackend } from "../xmlrpc/backend.js";
import { configInfoOf } from "../xmlrpc/config-info.js";
import { groupResults, nameResults, toWire } from "./faults.js";

/** Where a REMOTE_COMMUNICATION event goes: the event listeners' hub (events/hub.ts). */
export type RemoteCommHook = (type: string, data: string) => void;

export type XmlRpcBackendDeps = {
  supervisor: Supervisor;
  reloader: Reloader;
  output: OutputManager;
  mainLog: MainLog;
  stdin: StdinPipes;
  version: () => VersionInfo;
  shuttingDown: () => boolean;
  requestShutdown: () => void;
  /** The SIGHUP path: reread and apply only what changed. */
  reload: () => void;
  /** Without it (tests), the event is accepted and dropped. */
  remoteCommunication?: RemoteCommHook;
};

/**
 * A failed start in supervisord's terms (its startProcess), from grace's result and the state
 * the process is in now. supervisord checks the command before spawning: not found is NO_FILE,
 * not executable NOT_EXECUTABLE (grace's messages are supervisord's own words, process/command.ts,
 * so supervisorctl prints "no such file" where supervisord's would). A process that exited
 * before `startsecs` has a spawnerr there ("Exited too quickly"), so supervisord answers
 * SPAWN_ERROR where grace says ABNORMAL_TERMINATION; the latter stays for a start cut short
 * otherwise (stopped meanwhile). Pure.
 */
export function supervisordStartFault(status: number, description: string, stateNow: StateName | undefined): number {
  if (status === Fault.SPAWN_ERROR) {
    if (description.startsWith("can't find command")) return Fault.NO_FILE;
    if (/^command at '.*' is (a directory|not executable)$/.test(description)) return Fault.NOT_EXECUTABLE;
  }
  if (status === Fault.ABNORMAL_TERMINATION && (stateNow === "BACKOFF" || stateNow === "FATAL")) return Fault.SPAWN_ERROR;
  return status;
}

/** The processes a start left waiting to retry a command that cannot be run. */
const unrunnable = (results: NameResult[]) =>
  results.filter((r) => r.status === Fault.NO_FILE || r.status === Fault.NOT_EXECUTABLE).map((r) => r.fullName);

/** The engine's refusals as the wire carries them (code and message), mapped in rpc/faults.ts. */
async function wire<T>(run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw toWire(e);
  }
}

/** A read that found no file: NONE, redirected, never written, or moved away. */
const noFile = (e: unknown) => e instanceof NoLogFileError || (e as NodeJS.ErrnoException).code === "ENOENT";

const hasContent = (path: string): boolean => {
  try {
    return path !== "" && statSync(path).size > 0;
  } catch {
    return false;
  }
};

const uidOf = (user: string): number | null => {
  try {
    return lookupAccount(user).uid;
  } catch {
    return null;
  }
};

/**
 * supervisord's XML-RPC API (xmlrpc/) over graced's engine: the Supervisor's verbs, the
 * Reloader's live config changes, the program logs and graced's own. Outcomes and failures are
 * the engine's own, mapped to fault codes by the one table JSON-RPC's use (rpc/faults.ts).
 */
export function xmlRpcBackend(deps: XmlRpcBackendDeps): XmlRpcBackend {
  const { supervisor, reloader, output, mainLog } = deps;
  const find = (fullName: string): ManagedProcess | undefined => supervisor.list().find((p) => p.fullName === fullName);

  /** The end of a log (bytes 0: its size and path only), consistent with every byte accepted so far. */
  const tailOf = async (target: LogTarget, bytes: number) => {
    if ("main" in target) return mainLog.tail(bytes);
    const proc = find(target.process);
    if (proc === undefined) throw new NoLogFileError(`no such process: ${target.process}`);
    // supervisord makes a log file when its process first runs: until then there is none to
    // read (grace's would be made empty by the read itself, or by a clear), unless one with
    // content is there from before
    const path = output.logPaths(proc)[target.stream];
    if (proc.record.startedAt === 0 && !hasContent(path)) throw new NoLogFileError(`${target.process}: no ${target.stream} log file yet`);
    return output.tail(proc, target.stream, bytes);
  };

  const read = async (target: LogTarget, range: LogRange): Promise<LogBytes> => {
    if ("fromEnd" in range) return tailOf(target, range.fromEnd);
    const { path } = await tailOf(target, 0);
    if (path !== "") return readFileAt(path, range.offset, range.length);
    // graced's own log on its stdout: the recent lines it keeps are the log
    return sliceAt((await tailOf(target, Number.MAX_SAFE_INTEGER)).data, range.offset, range.length);
  };

  return {
    version: deps.version,
    shuttingDown: deps.shuttingDown,
    processes(): SupervisedProcess[] {
      const now = Date.now();
      return supervisor.list().map((p) => ({ ...p.info(now), priority: p.priority, groupPriority: p.groupPriority ?? p.priority }));
    },
    start: (names, wait) =>
      wire(async () => {
        const results = nameResults(await supervisor.start(names, wait)).map((r) => {
          const status = supervisordStartFault(r.status, r.description, find(r.fullName)?.state) as NameResult["status"];
          return status === r.status ? r : { ...r, status };
        });
        // supervisord checks the command before spawning and leaves such a process STOPPED;
        // grace spawned it and would retry (BACKOFF): BACKOFF -> STOPPED, as supervisord leaves it
        const stop = unrunnable(results);
        if (stop.length > 0) await supervisor.stop(stop, true);
        return results;
      }),
    stop: (names, wait) => wire(async () => nameResults(await supervisor.stop(names, wait))),
    signal: (names, signal) =>
      wire(() => {
        let parsed: string | null;
        try {
          parsed = parseSignal(signal);
        } catch {
          parsed = null; // BAD_SIGNAL, per process
        }
        return nameResults(supervisor.signal(names, parsed));
      }),
    reread: () => wire(() => reloader.reread()),
    addGroups: (names) => wire(async () => groupResults(await reloader.add(names))),
    removeGroups: (names) => wire(async () => groupResults(await reloader.remove(names))),
    configInfo() {
      const inUse = new Set(supervisor.list().map((p) => p.fullName));
      return reloader.lastRead().programs.map((cfg) => configInfoOf(cfg, inUse.has(`${cfg.group}:${cfg.name}`), uidOf));
    },
    async readLog(target, range) {
      try {
        return await read(target, range);
      } catch (e) {
        if (noFile(e)) return null;
        throw e;
      }
    },
    async followLog(target, fromEnd, onData, onEnd): Promise<LogFollow | null> {
      let stop: () => void;
      // listening before the read is queued: the read holds every byte accepted before it,
      // the listener every byte after (as gracectl's tail -f, rpc/log-handlers.ts)
      if ("main" in target) {
        const onLine = (line: string) => onData(Buffer.from(line));
        mainLog.on("line", onLine);
        stop = () => mainLog.off("line", onLine);
      } else {
        const proc = find(target.process);
        if (proc === undefined) return null;
        const onText = (name: string, stream: string, text: string) => {
          if (name === proc.fullName && stream === target.stream && text !== "") onData(Buffer.from(text));
        };
        output.on("text", onText);
        // a group removed by a config change ends its streams
        proc.once("removed", onEnd);
        stop = () => {
          output.off("text", onText);
          proc.off("removed", onEnd);
        };
      }
      try {
        const { data } = await tailOf(target, fromEnd);
        return { initial: data, stop };
      } catch (e) {
        stop();
        if (noFile(e)) return null;
        throw e;
      }
    },
    clearLog: (target) =>
      wire(async () => {
        if ("main" in target) return mainLog.clear();
        const proc = find(target.process);
        if (proc === undefined) throw new NoLogFileError(`no such process: ${target.process}`);
        await output.clear(proc);
      }),
    async writeStdin(name, data) {
      const outcome = deps.stdin.write(name, data);
      if (outcome === "no-pipe") throw { code: Fault.NO_FILE, message: `${name} has no stdin (it exited or closed it)` };
      if (outcome === "full") throw { code: Fault.FAILED, message: `${name} has not read what it was sent before: its stdin is full` };
    },
    remoteCommunication(type, data) {
      deps.remoteCommunication?.(type, data);
    },
    shutdown: deps.requestShutdown,
    reload: deps.reload,
  };
}
