import type { Config } from "../config/model.js";
import type { Supervisor } from "../engine/supervisor.js";
import type { MainLog } from "../logs/main-log.js";
import type { OutputManager } from "../logs/output.js";
import type { Reloader } from "../reload/apply.js";
import { forwardLogs } from "../rpc/forward.js";
import { registerHandlers } from "../rpc/handlers.js";
import { registerLogHandlers } from "../rpc/log-handlers.js";
import type { RpcServer } from "../rpc/server.js";

export type ControlParts = {
  supervisor: Supervisor;
  reloader: Reloader;
  output: OutputManager;
  mainLog: MainLog;
};

/**
 * grace's JSON-RPC on the control socket: every method (rpc/handlers.ts, rpc/log-handlers.ts)
 * and the log output pushed to the clients that follow it.
 */
export function serveJsonRpc(
  rpc: RpcServer,
  config: Config,
  parts: ControlParts,
  daemon: { version: string; shutdown: (reason: string) => void },
): void {
  const { supervisor, output, mainLog } = parts;
  forwardLogs(rpc, output, mainLog);
  registerLogHandlers(rpc.rpc, { supervisor, output, mainLog });
  registerHandlers(rpc.rpc, {
    supervisor,
    reloader: parts.reloader,
    version: daemon.version,
    identifier: config.daemon.identifier,
    credentials: config.server,
    requestShutdown: () => daemon.shutdown("shutdown requested through the control socket"),
  });
}
