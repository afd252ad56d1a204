import { Fault, type NameResult, type StateName } from "@grace/protocol";
import type { SupervisedProcess } from "./backend.js";
import { XmlRpcFaults as F, faultFromDaemon, isDaemonFailure, XmlRpcFault } from "./faults.js";
import { findNamespec, findProcess, lexicalOrder, priorityOrder } from "./namespec.js";
import { readBool, readSignal, readString } from "./params.js";
import { detailFor, processInfoStruct, type StatusStruct, statusStruct } from "./structs.js";
import type { MethodContext, MethodTable } from "./table.js";

/** supervisord's RUNNING_STATES: STOPPING is not among them (stopping it again is NOT_RUNNING). */
const RUNNING: readonly StateName[] = ["RUNNING", "BACKOFF", "STARTING"];
const SIGNALLABLE: readonly StateName[] = ["RUNNING", "STARTING", "STOPPING"];

const isRunning = (p: SupervisedProcess) => RUNNING.includes(p.statename);

/** The daemon's one result for one process, as `true` or the fault supervisord raises. */
function single(results: NameResult[], p: SupervisedProcess, asked: string, signal?: string): true {
  const r = results.find((x) => x.fullName === p.fullName) ?? results[0];
  if (r === undefined) throw new XmlRpcFault(F.FAILED, `no result for ${asked}`);
  if (r.status === Fault.SUCCESS) return true;
  throw new XmlRpcFault(r.status, detailFor(r.status, asked, r.description, signal));
}

/** The daemon's results for many, in the order they were asked for. */
function many(results: NameResult[], asked: SupervisedProcess[], signal?: string): StatusStruct[] {
  const byName = new Map(results.map((r) => [r.fullName, r]));
  return asked.flatMap((p) => {
    const r = byName.get(p.fullName);
    return r === undefined ? [] : [statusStruct(r, signal)];
  });
}

/** Run a daemon verb on many processes; a failure of the whole call is the method's fault. */
async function each(procs: SupervisedProcess[], verb: (names: string[]) => Promise<NameResult[]>, signal?: string) {
  if (procs.length === 0) return [];
  return many(await verb(procs.map((p) => p.fullName)), procs, signal);
}

async function startGroup(ctx: MethodContext, members: SupervisedProcess[], wait: boolean) {
  return each(
    members.filter((p) => !isRunning(p)),
    (names) => ctx.backend.start(names, wait),
  );
}

async function stopGroup(ctx: MethodContext, members: SupervisedProcess[], wait: boolean) {
  return each(members.filter(isRunning), (names) => ctx.backend.stop(names, wait));
}

async function signalGroup(ctx: MethodContext, members: SupervisedProcess[], signal: string) {
  const procs = members.filter((p) => SIGNALLABLE.includes(p.statename));
  return each(procs, (names) => ctx.backend.signal(names, signal), signal);
}

/** A call for one process whose daemon failure carries the process's name, as supervisord's do. */
async function named<T>(asked: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (!(e instanceof XmlRpcFault) && isDaemonFailure(e)) throw faultFromDaemon(e, detailFor(e.code, asked, e.message));
    throw e;
  }
}

const group = (ctx: MethodContext, name: string) => {
  const all = ctx.backend.processes();
  if (!all.some((p) => p.group === name)) throw new XmlRpcFault(F.BAD_NAME, name);
  return priorityOrder(all.filter((p) => p.group === name));
};

export const processMethods: MethodTable = {
  "supervisor.getProcessInfo": {
    returns: "struct",
    params: ["string"],
    help: "Info about one process (name or group:name): state, pid, times, exit status, log files.",
    run: ([name], ctx) => processInfoStruct(findProcess(ctx.backend.processes(), readString(name, "name"))),
  },
  "supervisor.getAllProcessInfo": {
    returns: "array",
    params: [],
    help: "Info about every process, sorted by group and name.",
    run: (_, ctx) => lexicalOrder(ctx.backend.processes()).map(processInfoStruct),
  },
  "supervisor.startProcess": {
    returns: "boolean",
    params: ["string", "boolean"],
    required: 1,
    refusedWhileShuttingDown: true,
    help: "Start a process (name, group:name, or group:* for the whole group); with wait (the default), answer once it is RUNNING.",
    run: async ([rawName, rawWait], ctx) => {
      const name = readString(rawName, "name");
      const wait = readBool(rawWait, "wait", true);
      const { members, process } = findNamespec(ctx.backend.processes(), name);
      if (process === null) return startGroup(ctx, members, wait);
      if (isRunning(process)) throw new XmlRpcFault(F.ALREADY_STARTED, name);
      if (process.statename === "UNKNOWN") throw new XmlRpcFault(F.FAILED, `${name} is in an unknown process state`);
      return named(name, async () => single(await ctx.backend.start([process.fullName], wait), process, name));
    },
  },
  "supervisor.startProcessGroup": {
    returns: "array",
    params: ["string", "boolean"],
    required: 1,
    refusedWhileShuttingDown: true,
    help: "Start every process of a group that is not running; one status struct per process started.",
    run: ([name, wait], ctx) => startGroup(ctx, group(ctx, readString(name, "name")), readBool(wait, "wait", true)),
  },
  "supervisor.startAllProcesses": {
    returns: "array",
    params: ["boolean"],
    required: 0,
    refusedWhileShuttingDown: true,
    help: "Start every process that is not running, in priority order; one status struct per process started.",
    run: ([wait], ctx) => startGroup(ctx, priorityOrder(ctx.backend.processes()), readBool(wait, "wait", true)),
  },
  "supervisor.stopProcess": {
    returns: "boolean",
    params: ["string", "boolean"],
    required: 1,
    help: "Stop a process (name, group:name, or group:* for the whole group); with wait (the default), answer once it has stopped.",
    run: async ([rawName, rawWait], ctx) => {
      const name = readString(rawName, "name");
      const wait = readBool(rawWait, "wait", true);
      const { members, process } = findNamespec(ctx.backend.processes(), name);
      if (process === null) return stopGroup(ctx, members, wait);
      if (!isRunning(process)) throw new XmlRpcFault(F.NOT_RUNNING, name);
      return named(name, async () => single(await ctx.backend.stop([process.fullName], wait), process, name));
    },
  },
  "supervisor.stopProcessGroup": {
    returns: "array",
    params: ["string", "boolean"],
    required: 1,
    help: "Stop every running process of a group; one status struct per process stopped.",
    run: ([name, wait], ctx) => stopGroup(ctx, group(ctx, readString(name, "name")), readBool(wait, "wait", true)),
  },
  "supervisor.stopAllProcesses": {
    returns: "array",
    params: ["boolean"],
    required: 0,
    help: "Stop every running process; one status struct per process stopped.",
    run: ([wait], ctx) => stopGroup(ctx, priorityOrder(ctx.backend.processes()), readBool(wait, "wait", true)),
  },
  "supervisor.signalProcess": {
    returns: "boolean",
    params: ["string", "string"],
    help: "Send a signal (HUP, SIGHUP or 1) to a process, or to every process of group:*.",
    run: async ([rawName, rawSignal], ctx) => {
      const name = readString(rawName, "name");
      const signal = readSignal(rawSignal);
      const { members, process } = findNamespec(ctx.backend.processes(), name);
      if (process === null) return signalGroup(ctx, members, signal);
      return named(name, async () => single(await ctx.backend.signal([process.fullName], signal), process, name, signal));
    },
  },
  "supervisor.signalProcessGroup": {
    returns: "array",
    params: ["string", "string"],
    help: "Send a signal to every process of a group that has a pid; one status struct per process.",
    run: ([name, signal], ctx) => signalGroup(ctx, group(ctx, readString(name, "name")), readSignal(signal)),
  },
  "supervisor.signalAllProcesses": {
    returns: "array",
    params: ["string"],
    help: "Send a signal to every process that has a pid; one status struct per process.",
    run: ([signal], ctx) => signalGroup(ctx, priorityOrder(ctx.backend.processes()), readSignal(signal)),
  },
};
