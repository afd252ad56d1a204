import type { ProcessInfo, ShutdownComplete } from "@grace/protocol";
import type { Supervisor } from "../engine/supervisor.js";
import type { MainLog } from "../logs/main-log.js";
import type { OutputManager } from "../logs/output.js";
import { leaveMs } from "../shutdown/finish.js";
import type { RpcServer } from "./server.js";
import { logTopic, MAIN_LOG_TOPIC, SHUTDOWN_TOPIC, STATE_TOPIC } from "./topics.js";

/**
 * What graced pushes to the connections that subscribed (topics.ts), as it happens: state
 * changes, new log output, and the end of a shutdown.
 */

/** Every state change of every process to `state` subscribers. */
export function forwardStateChanges(rpc: RpcServer, supervisor: Supervisor): void {
  supervisor.on("change", (p, from) => rpc.notify(STATE_TOPIC, "stateChange", { info: p.info() as ProcessInfo, from }));
}

/** Does a connection follow this output (`tail -f`)? OutputManager decodes a chunk only then. */
export const followedBy =
  (rpc: RpcServer) =>
  (name: string, stream: "stdout" | "stderr"): boolean =>
    rpc.hasSubscribers(logTopic(name, stream));

/** New output and main-log lines to the connections that follow them (`tail -f`). */
export function forwardLogs(rpc: RpcServer, output: OutputManager, mainLog: MainLog): void {
  output.on("text", (name, stream, data) => {
    const topic = logTopic(name, stream);
    if (data !== "" && rpc.hasSubscribers(topic)) rpc.notify(topic, "log", { name, stream, data });
  });
  mainLog.on("line", (line) => {
    if (rpc.hasSubscribers(MAIN_LOG_TOPIC)) rpc.notify(MAIN_LOG_TOPIC, "log", { name: "", stream: "main", data: line });
  });
}

/**
 * Tell the clients that wait for the end (`gracectl shutdown`) that it is over, and give them
 * a moment, within the budget, to print and leave. They cannot wait for graced's pid instead:
 * it is 1 in a container, and graced's exit as PID 1 SIGKILLs whatever still runs there.
 */
export async function announceEnd(rpc: RpcServer, complete: ShutdownComplete, deadline: number, now: () => number): Promise<void> {
  rpc.notify(SHUTDOWN_TOPIC, "shutdownComplete", complete);
  await rpc.departure(SHUTDOWN_TOPIC, leaveMs(deadline, now()));
}
