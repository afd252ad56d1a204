/**
 * Stable error codes carried in JSON-RPC error objects.
 * Domain faults keep supervisord's numbers (supervisor/xmlrpc.py `Faults`), so people who know
 * supervisord's API recognise them; transport errors use JSON-RPC's reserved range.
 */
export const Fault = {
  UNKNOWN_METHOD: 1,
  INCORRECT_PARAMETERS: 2,
  BAD_ARGUMENTS: 3,
  SHUTDOWN_STATE: 6,
  BAD_NAME: 10,
  BAD_SIGNAL: 11,
  NO_FILE: 20,
  NOT_EXECUTABLE: 21,
  FAILED: 30,
  ABNORMAL_TERMINATION: 40,
  SPAWN_ERROR: 50,
  ALREADY_STARTED: 60,
  NOT_RUNNING: 70,
  SUCCESS: 80,
  ALREADY_ADDED: 90,
  STILL_RUNNING: 91,
  CANT_REREAD: 92,
  UNAUTHORIZED: 401,
} as const;

export type FaultName = keyof typeof Fault;
export type FaultCode = (typeof Fault)[FaultName];

/**
 * The `data` of every domain error graced sends: the fault by name (machine-readable), and the
 * subject it is about when there is one (the unknown name's kind, the missing file's path).
 * Clients choose their words and exit codes from `fault`, never from `message`.
 */
export type FaultData = {
  fault: FaultName;
  kind?: "group" | "process";
  path?: string;
};

/** JSON-RPC 2.0 transport-level codes. */
export const RpcError = {
  PARSE_ERROR: -32700,
  INVALID_REQUEST: -32600,
  METHOD_NOT_FOUND: -32601,
  INVALID_PARAMS: -32602,
  INTERNAL_ERROR: -32603,
  /** Server-defined: a frame exceeded MAX_FRAME_BYTES. */
  FRAME_TOO_LARGE: -32001,
  /** Server-defined: the connection did not send a request (or authenticate) in time. */
  HANDSHAKE_TIMEOUT: -32002,
  /** Server-defined: a frame was begun and not finished within PARTIAL_FRAME_MS. */
  FRAME_TIMEOUT: -32003,
  /** Server-defined: the answer would exceed MAX_ANSWER_BYTES. */
  ANSWER_TOO_LARGE: -32004,
  /** Server-defined: graced closed the connection to keep within its connection or buffer limits. */
  OVER_CAPACITY: -32005,
} as const;

const faultNames = new Map<number, FaultName>((Object.entries(Fault) as [FaultName, FaultCode][]).map(([name, code]) => [code, name]));

export function faultName(code: number): FaultName | undefined {
  return faultNames.get(code);
}
