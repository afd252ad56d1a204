import {
  Fault,
  type FaultCode,
  type FaultData,
  type FaultName,
  fullName,
  type GroupChangeResult,
  type GroupResult,
  type NameResult,
  type StatusResult,
} from "@grace/protocol";
import { JSONRPCErrorException } from "json-rpc-2.0";
import type { StatusOutcome } from "../engine/supervisor.js";
import { NoLogFileError } from "../logs/output.js";
import {
  EngineError,
  type GroupOutcome,
  type NameOutcome,
  noSuch,
  type OutcomeCode,
  type ProcOutcome,
  type UnknownName,
} from "../process/outcome.js";
import type { GroupChangeOutcome } from "../reload/apply.js";

/**
 * The engine's outcomes → the wire, in exactly one place (STYLE habit 4): result statuses,
 * thrown errors and their FaultData. The numbers are supervisord's (protocol/errors.ts).
 */
const FAULT_OF = {
  ok: "SUCCESS",
  "unknown-name": "BAD_NAME",
  "bad-signal": "BAD_SIGNAL",
  "not-running": "NOT_RUNNING",
  "already-started": "ALREADY_STARTED",
  "still-running": "STILL_RUNNING",
  "spawn-error": "SPAWN_ERROR",
  "start-failed": "ABNORMAL_TERMINATION",
  "dependency-failed": "FAILED",
  "timed-out": "FAILED",
  "wrong-state": "FAILED",
  "shutting-down": "SHUTDOWN_STATE",
  "already-added": "ALREADY_ADDED",
  "config-unreadable": "CANT_REREAD",
} as const satisfies Record<OutcomeCode, FaultName>;

export function faultOf(code: OutcomeCode): FaultName {
  return FAULT_OF[code];
}

export function statusOf(code: OutcomeCode): FaultCode {
  return Fault[FAULT_OF[code]];
}

/** A wire error with its FaultData: the fault by name, and what it is about. */
export function faultError(fault: FaultName, message: string, about: Omit<FaultData, "fault"> = {}): JSONRPCErrorException {
  const data: FaultData = { fault, ...about };
  return new JSONRPCErrorException(message, Fault[fault], data);
}

/** A refused call as the client sees it; anything else (a bug, a bad parameter) passes as it is. */
export function toWire(e: unknown): unknown {
  if (e instanceof EngineError) return faultError(faultOf(e.code), e.message, e.kind ? { kind: e.kind } : {});
  if (e instanceof NoLogFileError) return faultError("NO_FILE", e.message);
  return e;
}

/**
 * A name that matched nothing, the one way it is reported: `group:name` split as given (`web:*`
 * is the group `web`), with its kind, so clients never read the description.
 */
function unknownResult({ spec, kind }: UnknownName): NameResult {
  const colon = spec.indexOf(":");
  return {
    name: colon === -1 ? spec : spec.slice(colon + 1),
    group: colon === -1 ? spec : spec.slice(0, colon),
    fullName: spec,
    status: Fault.BAD_NAME,
    description: noSuch(kind),
    kind,
  };
}

function procResult(o: ProcOutcome): NameResult {
  const result: NameResult = {
    name: o.name,
    group: o.group,
    fullName: fullName(o.group, o.name),
    status: statusOf(o.code),
    description: o.description,
  };
  if (o.dependsOn !== undefined) result.dependsOn = o.dependsOn;
  if (o.dependencyOf !== undefined) result.dependencyOf = o.dependencyOf;
  // a process that went away meanwhile (removed by a config change) is an unknown process now
  return o.code === "unknown-name" ? { ...result, kind: "process" } : result;
}

export function nameResults(outcomes: readonly NameOutcome[]): NameResult[] {
  return outcomes.map((o) => ("spec" in o ? unknownResult(o) : procResult(o)));
}

export function statusResult(s: StatusOutcome): StatusResult {
  return { processes: s.processes, unknown: s.unknown.map(unknownResult), daemon: s.daemon };
}

export function groupResults(outcomes: readonly GroupOutcome[]): GroupResult[] {
  return outcomes.map((o) => ({ group: o.group, status: statusOf(o.code), description: o.description }));
}

export function groupChangeResults(outcomes: readonly GroupChangeOutcome[]): GroupChangeResult[] {
  return outcomes.map((o) => ({ group: o.group, change: o.change, status: statusOf(o.code), description: o.description }));
}
