import { PROTOCOL_VERSION } from "@grace/protocol";
import type { Config, InetServerConfig } from "../config/model.js";
import type { EventHub } from "../events/hub.js";
import type { Credentials } from "../http/credentials.js";
import type { HttpContext } from "../http/exchange.js";
import { DEFAULT_HTTP_LIMITS } from "../http/limits.js";
import type { Logger } from "../logs/logger.js";
import type { StdinPipes } from "../process/stdin.js";
import { limitsFromEnv } from "../rpc/limits.js";
import type { HttpService, RpcServer } from "../rpc/server.js";
import { StartRefused } from "../rpc/start-refused.js";
import { xmlRpcBackend } from "../rpc/xmlrpc-backend.js";
import type { XmlRpcBackend } from "../xmlrpc/backend.js";
import { methodTable } from "../xmlrpc/methods.js";
import type { ControlParts } from "./control.js";

/** What supervisord's XML-RPC asks of graced itself. */
export type DaemonHooks = {
  version: string;
  shuttingDown: () => boolean;
  shutdown: (reason: string) => void;
  /** The SIGHUP path: reread and apply only what changed. */
  reload: () => void;
};

/** supervisord's XML-RPC API over this daemon (the control socket and [inet_http_server] serve it). */
export function supervisordApi(
  config: Config,
  parts: ControlParts & { stdin: StdinPipes; events: EventHub; logger: Logger },
  daemon: DaemonHooks,
): XmlRpcBackend {
  const { identifier } = config.daemon;
  return xmlRpcBackend({
    supervisor: parts.supervisor,
    reloader: parts.reloader,
    output: parts.output,
    mainLog: parts.mainLog,
    stdin: parts.stdin,
    version: () => ({ version: daemon.version, protocol: PROTOCOL_VERSION, identifier, pid: process.pid }),
    shuttingDown: daemon.shuttingDown,
    requestShutdown: () => daemon.shutdown("shutdown requested through XML-RPC"),
    reload: () => {
      parts.logger.info("restart requested through XML-RPC: rereading the config");
      daemon.reload();
    },
    remoteCommunication: (type, data) => parts.events.remoteCommunication(type, data),
  });
}

/** supervisord's HTTP side with these credentials ([unix_http_server] or [inet_http_server]'s). */
export function httpService(
  backend: XmlRpcBackend,
  credentials: Credentials,
  env: Record<string, string | undefined>,
  logger: Logger,
): HttpService {
  const ctx: HttpContext = {
    backend,
    credentials: { username: credentials.username, password: credentials.password },
    table: methodTable(),
    // the test seam that shortens the control socket's timeouts shortens HTTP's too
    limits: { ...DEFAULT_HTTP_LIMITS, requestMs: limitsFromEnv(env).partialFrameMs ?? DEFAULT_HTTP_LIMITS.requestMs },
  };
  return { ctx, log: (e) => logger.error(`XML-RPC: internal error: ${(e as Error).stack ?? e}`) };
}

/** `[inet_http_server]`, bound as written; a port graced cannot have refuses the start (exit 2). Its URL. */
export async function listenInet(rpc: RpcServer, inet: InetServerConfig, service: HttpService): Promise<string> {
  const shown = inet.host.includes(":") ? `[${inet.host}]:${inet.port}` : `${inet.host || "*"}:${inet.port}`;
  try {
    await rpc.listenTcp(inet.host, inet.port, service);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new StartRefused(`cannot listen on [inet_http_server] port ${shown}: ${err.code ?? err.message}`);
  }
  return `http://${shown}`;
}
