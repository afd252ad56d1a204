import { Fault, RpcError } from "@grace/protocol";

/**
 * supervisord's fault codes (supervisor/xmlrpc.py `Faults`): grace's own Fault table, which keeps
 * the same numbers, plus the one only XML-RPC introspection uses.
 */
export const XmlRpcFaults = {
  UNKNOWN_METHOD: Fault.UNKNOWN_METHOD,
  INCORRECT_PARAMETERS: Fault.INCORRECT_PARAMETERS,
  BAD_ARGUMENTS: Fault.BAD_ARGUMENTS,
  SIGNATURE_UNSUPPORTED: 4,
  SHUTDOWN_STATE: Fault.SHUTDOWN_STATE,
  BAD_NAME: Fault.BAD_NAME,
  BAD_SIGNAL: Fault.BAD_SIGNAL,
  NO_FILE: Fault.NO_FILE,
  NOT_EXECUTABLE: Fault.NOT_EXECUTABLE,
  FAILED: Fault.FAILED,
  ABNORMAL_TERMINATION: Fault.ABNORMAL_TERMINATION,
  SPAWN_ERROR: Fault.SPAWN_ERROR,
  ALREADY_STARTED: Fault.ALREADY_STARTED,
  NOT_RUNNING: Fault.NOT_RUNNING,
  SUCCESS: Fault.SUCCESS,
  ALREADY_ADDED: Fault.ALREADY_ADDED,
  STILL_RUNNING: Fault.STILL_RUNNING,
  CANT_REREAD: Fault.CANT_REREAD,
} as const;

const names = new Map<number, string>(Object.entries(XmlRpcFaults).map(([name, code]) => [code, name]));

/** supervisord's faultString: `BAD_NAME: web`, or the bare name when there is no detail. */
export function faultText(code: number, detail?: string): string {
  const name = names.get(code) ?? "UNKNOWN";
  return detail === undefined ? name : `${name}: ${detail}`;
}

/** A fault a method answers with; the dispatcher turns it into a `<fault>`. */
export class XmlRpcFault extends Error {
  readonly text: string;
  constructor(
    readonly code: number,
    detail?: string,
  ) {
    super(faultText(code, detail));
    this.name = "XmlRpcFault";
    this.text = this.message;
  }
}

/**
 * A failure of the daemon as its wire carries it: a protocol Fault code (supervisord's numbers)
 * and a message. The integration turns whatever the daemon throws into this (or anything with
 * the same two fields, such as json-rpc-2.0's JSONRPCErrorException).
 */
export type DaemonFailure = { code: number; message: string };

export function isDaemonFailure(e: unknown): e is DaemonFailure {
  return (
    e !== null && typeof e === "object" && typeof (e as DaemonFailure).code === "number" && typeof (e as DaemonFailure).message === "string"
  );
}

/**
 * The supervisord fault for a daemon failure. Domain codes are the same numbers, with `detail`
 * (supervisord's: mostly the name asked for) or else the daemon's words; SHUTDOWN_STATE has no
 * detail, as in supervisord. grace's transport codes become the XML-RPC fault that means the
 * same; anything else is FAILED with the daemon's words.
 */
export function faultFromDaemon(e: DaemonFailure, detail?: string): XmlRpcFault {
  if (e.code === RpcError.INVALID_PARAMS) return new XmlRpcFault(XmlRpcFaults.INCORRECT_PARAMETERS, e.message);
  if (e.code === RpcError.METHOD_NOT_FOUND) return new XmlRpcFault(XmlRpcFaults.UNKNOWN_METHOD);
  if (e.code === XmlRpcFaults.SHUTDOWN_STATE) return new XmlRpcFault(e.code);
  if (names.has(e.code) && e.code !== XmlRpcFaults.SUCCESS) return new XmlRpcFault(e.code, detail ?? e.message);
  return new XmlRpcFault(XmlRpcFaults.FAILED, e.message);
}
