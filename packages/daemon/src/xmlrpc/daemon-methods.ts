import { Fault, type GroupResult } from "@grace/protocol";
import { faultFromDaemon, isDaemonFailure, XmlRpcFault } from "./faults.js";
import { readString } from "./params.js";
import type { MethodSpec, MethodTable } from "./table.js";

/** The version of supervisord's API that grace serves; supervisorctl refuses any other. */
export const API_VERSION = "3.0";

/** supervisord's own states (supervisor/states.py SupervisorStates). */
const RUNNING_STATE = { statecode: 1, statename: "RUNNING" };
const SHUTDOWN_STATE = { statecode: -1, statename: "SHUTDOWN" };

const apiVersion: MethodSpec = {
  returns: "string",
  params: [],
  help: "The version of supervisord's XML-RPC API served here: 3.0.",
  run: () => API_VERSION,
};

/** addProcessGroup/removeProcessGroup: one group's result as true or supervisord's fault. */
async function oneGroup(name: string, run: (names: string[]) => Promise<GroupResult[]>): Promise<true> {
  let results: GroupResult[];
  try {
    results = await run([name]);
  } catch (e) {
    if (isDaemonFailure(e) && !(e instanceof XmlRpcFault)) throw faultFromDaemon(e, name);
    throw e;
  }
  const r = results.find((x) => x.group === name) ?? results[0];
  if (r === undefined || r.status === Fault.SUCCESS) return true;
  throw faultFromDaemon({ code: r.status, message: r.description }, name);
}

export const daemonMethods: MethodTable = {
  "supervisor.getAPIVersion": apiVersion,
  "supervisor.getVersion": apiVersion,
  "supervisor.getSupervisorVersion": {
    returns: "string",
    params: [],
    help: "The version of graced.",
    run: (_, ctx) => ctx.backend.version().version,
  },
  "supervisor.getIdentification": {
    returns: "string",
    params: [],
    help: "The identifier of this graced ([supervisord] identifier).",
    run: (_, ctx) => ctx.backend.version().identifier,
  },
  "supervisor.getState": {
    returns: "struct",
    params: [],
    help: "graced's state as a struct of statecode and statename: RUNNING (1), or SHUTDOWN (-1) once a shutdown has begun.",
    run: (_, ctx) => (ctx.backend.shuttingDown() ? SHUTDOWN_STATE : RUNNING_STATE),
  },
  "supervisor.getPID": {
    returns: "int",
    params: [],
    help: "The pid of graced.",
    run: (_, ctx) => ctx.backend.version().pid,
  },
  "supervisor.shutdown": {
    returns: "boolean",
    params: [],
    refusedWhileShuttingDown: true,
    help: "Stop every process and exit, as SIGTERM does; answers at once.",
    run: (_, ctx) => {
      ctx.backend.shutdown();
      return true;
    },
  },
  "supervisor.restart": {
    returns: "boolean",
    params: [],
    refusedWhileShuttingDown: true,
    help: "Reload the config as SIGHUP does: only what changed is stopped and started; answers at once.",
    run: (_, ctx) => {
      ctx.backend.reload();
      return true;
    },
  },
  "supervisor.reloadConfig": {
    returns: "array",
    params: [],
    refusedWhileShuttingDown: true,
    help: "Read the config file again and report the groups added, changed and removed, as [[added, changed, removed]]; applies nothing.",
    run: async (_, ctx) => {
      const { added, changed, removed } = await ctx.backend.reread();
      return [[added, changed, removed]];
    },
  },
  "supervisor.addProcessGroup": {
    returns: "boolean",
    params: ["string"],
    refusedWhileShuttingDown: true,
    help: "Bring a group of the last-read config into use (and start its autostart processes).",
    run: ([name], ctx) => oneGroup(readString(name, "name"), (names) => ctx.backend.addGroups(names)),
  },
  "supervisor.removeProcessGroup": {
    returns: "boolean",
    params: ["string"],
    help: "Take a group whose processes are all stopped out of use.",
    run: ([name], ctx) => oneGroup(readString(name, "name"), (names) => ctx.backend.removeGroups(names)),
  },
  "supervisor.getAllConfigInfo": {
    returns: "array",
    params: [],
    help: "The config of every process of the last-read config file, and whether it is in use; sorted by name.",
    run: (_, ctx) => {
      const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
      return [...ctx.backend.configInfo()].sort(byName);
    },
  },
  "supervisor.sendRemoteCommEvent": {
    returns: "boolean",
    params: ["string", "string"],
    help: "Send a REMOTE_COMMUNICATION event, with this type and data, to the event listeners that subscribe to it.",
    run: ([type, data], ctx) => {
      ctx.backend.remoteCommunication(readString(type, "type"), readString(data, "data"));
      return true;
    },
  },
};
