import { Fault, type FaultData, type FaultName, faultName } from "@grace/protocol";

/** graced could not be reached, or stopped answering; the message names the socket and the reason. */
export class UnreachableError extends Error {
  constructor(
    readonly socket: string,
    readonly reason: string,
  ) {
    super(`cannot reach graced at ${socket}: ${reason}`);
    this.name = "UnreachableError";
  }
}

/**
 * graced answered with a JSON-RPC error. `fault` is what it is about, by name (from the error's
 * `data`, else from its numeric code; undefined for transport errors); render/faults.ts decides
 * what it means for the command that got it.
 */
export class RemoteError extends Error {
  readonly fault: FaultName | undefined;

  constructor(
    readonly code: number,
    message: string,
    readonly data: Partial<FaultData> | undefined,
    /** The socket that answered. */
    readonly socket: string,
  ) {
    super(message);
    this.name = "RemoteError";
    this.fault = data?.fault !== undefined && Object.hasOwn(Fault, data.fault) ? data.fault : faultName(code);
  }
}

/** The command's `--timeout` passed before the work was done; graced itself still answers. */
export class DeadlineError extends Error {
  constructor(readonly seconds: number) {
    super(`timed out after ${seconds}s`);
    this.name = "DeadlineError";
  }
}

/** A bad command line that commander cannot see (a bad -s URL, an unreadable -c file …). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Why a connect failed, in the words people search for. */
export const REASONS: Record<string, string> = {
  ENOENT: "no such file (is graced running?)",
  ECONNREFUSED: "connection refused (stale socket: graced is not running)",
  EACCES: "permission denied",
  EPERM: "permission denied",
  ENOTSOCK: "not a socket",
  ENOTDIR: "no such file (a parent is not a directory)",
};
