import { constants } from "node:os";
import {
  type ConfigDiff,
  Fault,
  type FaultCode,
  fullName,
  type GroupResult,
  type NameResult,
  ProcessState,
  type StateName,
} from "@grace/protocol";
import type { LogRange, LogTarget, SupervisedProcess, XmlRpcBackend } from "../xmlrpc/backend.js";
import type { ConfigInfoStruct } from "../xmlrpc/config-info.js";

/** A process for tests: `name` in its own group unless `group` says otherwise. */
export function supervised(name: string, state: StateName, more: Partial<SupervisedProcess> = {}): SupervisedProcess {
  const group = more.group ?? name;
  const running = state === "RUNNING" || state === "STARTING" || state === "STOPPING";
  return {
    fullName: fullName(group, name),
    name,
    group,
    state: ProcessState[state],
    statename: state,
    pid: running ? 4000 + name.length : 0,
    start: running ? 1_700_000_000 : 0,
    stop: 0,
    now: 1_700_000_065,
    uptime: 0,
    exitstatus: null,
    exitsignal: null,
    spawnerr: "",
    description: "",
    stdout_logfile: `/logs/${name}.out`,
    stderr_logfile: `/logs/${name}.err`,
    stopwaitsecs: 10,
    stopstart: 0,
    restartIn: 0,
    ready: null,
    readiness: "",
    waiting: "",
    priority: 999,
    groupPriority: 999,
    ...more,
  };
}

export type FakeBackendOptions = {
  /** Per full name: the status `start` answers instead of SUCCESS, and the process's state after. */
  startFails?: Record<string, { status: FaultCode; description: string; after?: Partial<SupervisedProcess> }>;
  /** `[supervisord] identifier`; default "grace". */
  identifier?: string;
  /** What `reread` finds, or the message of its CANT_REREAD. */
  reread?: ConfigDiff | string;
  /** Groups of the last-read config that are not in use (addGroups can add them). */
  available?: string[];
  /** Log contents by `fullName:stream`, or "main". */
  logs?: Record<string, string>;
  /** Full names whose stdin is closed (writeStdin fails with NO_FILE). */
  stdinClosed?: string[];
};

const logKey = (t: LogTarget) => ("main" in t ? "main" : `${t.process}:${t.stream}`);

/**
 * An XmlRpcBackend over a list of processes, with grace's answers but no engine: start makes
 * a process RUNNING, stop STOPPED (killed by SIGTERM), and every call is recorded in `calls`.
 */
export function fakeXmlRpcBackend(initial: SupervisedProcess[], opts: FakeBackendOptions = {}) {
  let procs = initial.map((p) => ({ ...p }));
  const calls: string[] = [];
  const logs = new Map(Object.entries(opts.logs ?? {}).map(([k, v]) => [k, Buffer.from(v)]));
  const followers = new Map<string, { onData: (b: Buffer) => void; onEnd: () => void }>();
  const stdin: string[] = [];
  const events: [string, string][] = [];
  const state = { shuttingDown: false, reloads: 0 };
  const find = (name: string) => procs.find((p) => p.fullName === name);
  const result = (p: SupervisedProcess, status: FaultCode, description: string): NameResult => ({
    name: p.name,
    group: p.group,
    fullName: p.fullName,
    status,
    description,
  });
  const set = (p: SupervisedProcess, statename: StateName, more: Partial<SupervisedProcess>) => {
    Object.assign(p, { statename, state: ProcessState[statename], ...more });
  };
  const read = (t: LogTarget, range: LogRange) => {
    const data = logs.get(logKey(t));
    if (data === undefined) return null;
    const bytes =
      "fromEnd" in range
        ? data.subarray(Math.max(0, data.length - range.fromEnd))
        : data.subarray(range.offset, range.offset + range.length);
    return { data: Buffer.from(bytes), size: data.length };
  };

  const backend: XmlRpcBackend = {
    version: () => ({ version: "0.1.0", protocol: 1, identifier: opts.identifier ?? "grace", pid: 4321 }),
    shuttingDown: () => state.shuttingDown,
    processes: () => procs.map((p) => ({ ...p })),
    async start(names, wait) {
      calls.push(`start ${names.join(" ")} wait=${wait}`);
      return names.flatMap((n) => {
        const p = find(n);
        if (!p) return [];
        const fails = opts.startFails?.[n];
        if (fails) {
          Object.assign(p, fails.after ?? {});
          return [result(p, fails.status, fails.description)];
        }
        set(p, "RUNNING", { pid: 5000, start: p.now });
        return [result(p, Fault.SUCCESS, "started")];
      });
    },
    async stop(names, wait) {
      calls.push(`stop ${names.join(" ")} wait=${wait}`);
      return names.flatMap((n) => {
        const p = find(n);
        if (!p) return [];
        set(p, "STOPPED", { pid: 0, stop: p.now, exitsignal: "SIGTERM", exitstatus: null });
        return [result(p, Fault.SUCCESS, "stopped")];
      });
    },
    async signal(names, signal) {
      calls.push(`signal ${signal} ${names.join(" ")}`);
      const valid = /^\d+$/.test(signal) || `SIG${signal.replace(/^SIG/i, "").toUpperCase()}` in constants.signals;
      return names.flatMap((n) => {
        const p = find(n);
        if (!p) return [];
        if (!valid) return [result(p, Fault.BAD_SIGNAL, "bad signal name")];
        if (!["STARTING", "RUNNING", "STOPPING"].includes(p.statename)) return [result(p, Fault.NOT_RUNNING, "not running")];
        return [result(p, Fault.SUCCESS, "signalled")];
      });
    },
    async reread() {
      calls.push("reread");
      if (typeof opts.reread === "string") throw { code: Fault.CANT_REREAD, message: opts.reread };
      return opts.reread ?? { added: [], changed: [], removed: [] };
    },
    async addGroups(names) {
      calls.push(`addGroups ${names.join(" ")}`);
      return names.map((group): GroupResult => {
        if (procs.some((p) => p.group === group)) return { group, status: Fault.ALREADY_ADDED, description: "already added" };
        if (!opts.available?.includes(group)) return { group, status: Fault.BAD_NAME, description: "no such group" };
        procs.push({ ...procs[0], fullName: fullName(group, group), name: group, group });
        return { group, status: Fault.SUCCESS, description: "added process group" };
      });
    },
    async removeGroups(names) {
      calls.push(`removeGroups ${names.join(" ")}`);
      return names.map((group): GroupResult => {
        const members = procs.filter((p) => p.group === group);
        if (members.length === 0) return { group, status: Fault.BAD_NAME, description: "no such group" };
        if (members.some((p) => p.pid !== 0)) return { group, status: Fault.STILL_RUNNING, description: "still running" };
        procs = procs.filter((p) => p.group !== group);
        return { group, status: Fault.SUCCESS, description: "removed process group" };
      });
    },
    configInfo: () => procs.map((p) => ({ name: p.name, group: p.group, inuse: true }) as unknown as ConfigInfoStruct),
    async readLog(target, range) {
      return read(target, range);
    },
    async followLog(target, fromEnd, onData, onEnd) {
      const got = read(target, { fromEnd });
      if (got === null) return null;
      followers.set(logKey(target), { onData, onEnd });
      return { initial: got.data, stop: () => followers.delete(logKey(target)) };
    },
    async clearLog(target) {
      calls.push(`clearLog ${"main" in target ? "main" : target.process}`);
      for (const key of logs.keys())
        if (key === "main" ? "main" in target : "process" in target && key.startsWith(`${target.process}:`)) logs.set(key, Buffer.alloc(0));
    },
    async writeStdin(name, data) {
      if (opts.stdinClosed?.includes(name)) throw { code: Fault.NO_FILE, message: "stdin is closed" };
      stdin.push(`${name} ${data.toString("utf8")}`);
    },
    remoteCommunication: (type, data) => {
      events.push([type, data]);
    },
    shutdown: () => {
      state.shuttingDown = true;
    },
    reload: () => {
      state.reloads++;
    },
  };
  /** New output of a followed log, as the daemon would hand it on. */
  const emit = (key: string, text: string) => followers.get(key)?.onData(Buffer.from(text));
  const end = (key: string) => followers.get(key)?.onEnd();
  return { backend, calls, stdin, events, state, logs, followers, emit, end };
}
