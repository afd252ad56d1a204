import type { XmlRpcBackend } from "./backend.js";
import type { XmlRpcValue } from "./decode.js";
import type { ResponseValue } from "./encode.js";
import { XmlRpcFaults as F, faultFromDaemon, isDaemonFailure, XmlRpcFault } from "./faults.js";

export type MethodLimits = {
  /** Bytes one log read may return (readLog, readProcess*Log, tailProcess*Log). */
  maxLogBytes: number;
  /** Calls one system.multicall may hold. */
  maxMulticall: number;
};

export type MethodContext = { backend: XmlRpcBackend; limits: MethodLimits };

/** One XML-RPC method: its signature as system.methodSignature gives it, its help, its body. */
export type MethodSpec = {
  returns: string;
  params: string[];
  /** Parameters that must be given; the rest have defaults. Default: all of them. */
  required?: number;
  help: string;
  /** A shutdown under way makes it answer SHUTDOWN_STATE (reading methods keep answering). */
  refusedWhileShuttingDown?: boolean;
  run(args: XmlRpcValue[], ctx: MethodContext): ResponseValue | Promise<ResponseValue>;
};

/** Methods by full name (`supervisor.getState`); aliases are entries of their own. */
export type MethodTable = Record<string, MethodSpec>;

/**
 * Run one call as supervisord's dispatcher does: exactly `namespace.method`, never a name
 * starting with `_` (UNKNOWN_METHOD); the wrong number of parameters is INCORRECT_PARAMETERS.
 * A fault comes back as an XmlRpcFault; a daemon failure is turned into one; anything else is
 * a bug and is thrown as it is.
 */
export async function callMethod(table: MethodTable, name: string, params: XmlRpcValue[], ctx: MethodContext): Promise<ResponseValue> {
  const parts = name.split(".");
  const spec = Object.hasOwn(table, name) ? table[name] : undefined;
  if (parts.length !== 2 || parts[1].startsWith("_") || spec === undefined) throw new XmlRpcFault(F.UNKNOWN_METHOD);
  if (params.length < (spec.required ?? spec.params.length) || params.length > spec.params.length) {
    throw new XmlRpcFault(F.INCORRECT_PARAMETERS);
  }
  if (spec.refusedWhileShuttingDown && ctx.backend.shuttingDown()) throw new XmlRpcFault(F.SHUTDOWN_STATE);
  try {
    return await spec.run(params, ctx);
  } catch (e) {
    if (e instanceof XmlRpcFault) throw e;
    if (isDaemonFailure(e)) throw faultFromDaemon(e);
    throw e;
  }
}
