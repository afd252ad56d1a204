import type { StateName } from "@grace/protocol";
import type { EventName } from "../config/event-types.js";

/**
 * The payload of each event type, byte for byte as supervisord writes it (supervisor/events.py).
 * Pure: the caller hands in the values as they were when the event happened.
 */

/** A process as events name it: its process name and its group's. */
export type EventProcess = { name: string; group: string };

/** What a state change of a process carries; each state's payload uses some of it. */
export type StateChange = EventProcess & {
  to: StateName;
  from: StateName;
  /** Failed starts so far (STARTING, BACKOFF). */
  tries: number;
  /** EXITED: was the exit code in `exitcodes`? */
  expected: boolean;
  /** The process's pid (RUNNING, STOPPING) or the pid that just went away (EXITED, STOPPED); 0 for none. */
  pid: number;
};

/** An event ready for the pools: its concrete type and payload. */
export type Happened = { name: EventName; payload: string };

/** `processname:web groupname:web from_state:RUNNING expected:0 pid:42` (no newline). */
export function processState(s: StateChange): Happened {
  const fields: [string, string | number][] = [
    ["processname", s.name],
    ["groupname", s.group],
    ["from_state", s.from],
  ];
  if (s.to === "STARTING" || s.to === "BACKOFF") fields.push(["tries", s.tries]);
  if (s.to === "EXITED") fields.push(["expected", s.expected ? 1 : 0], ["pid", s.pid]);
  if (s.to === "RUNNING" || s.to === "STOPPING" || s.to === "STOPPED") fields.push(["pid", s.pid]);
  return { name: `PROCESS_STATE_${s.to}`, payload: fields.map(([k, v]) => `${k}:${v}`).join(" ") };
}

/** One chunk a program wrote: `processname:web groupname:web pid:42 channel:stdout\n` + the chunk. */
export function processLog(p: EventProcess, pid: number, channel: "stdout" | "stderr", data: Buffer): Happened {
  const name = channel === "stdout" ? "PROCESS_LOG_STDOUT" : "PROCESS_LOG_STDERR";
  return { name, payload: `processname:${p.name} groupname:${p.group} pid:${pid} channel:${channel}\n${asText(data)}` };
}

/** `groupname:web\n` — the newline is supervisord's. */
export function processGroup(change: "added" | "removed", group: string): Happened {
  return { name: change === "added" ? "PROCESS_GROUP_ADDED" : "PROCESS_GROUP_REMOVED", payload: `groupname:${group}\n` };
}

/** graced itself is RUNNING (after start) or STOPPING (a shutdown began); the payload is empty. */
export function supervisorState(state: "RUNNING" | "STOPPING"): Happened {
  return { name: `SUPERVISOR_STATE_CHANGE_${state}`, payload: "" };
}

/** `when:1700000005` — the start of the period that just began, in whole seconds. */
export function tick(period: 5 | 60 | 3600, when: number): Happened {
  return { name: `TICK_${period}`, payload: `when:${when}` };
}

/** What an XML-RPC client sent with `supervisor.sendRemoteCommEvent(type, data)`. */
export function remoteCommunication(type: string, data: string): Happened {
  return { name: "REMOTE_COMMUNICATION", payload: `type:${type}\n${data}` };
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Bytes as supervisord puts them in a payload: the text when it is UTF-8, else `Undecodable: b'…'`. */
export function asText(data: Buffer): string {
  try {
    return utf8.decode(data);
  } catch {
    return `Undecodable: ${pythonBytesRepr(data)}`;
  }
}

/** Python's `repr()` of a bytes object: `b'a\nb\xff'`, in double quotes when it holds `'` but no `"`. */
export function pythonBytesRepr(data: Buffer): string {
  const quote = data.includes(0x27) && !data.includes(0x22) ? '"' : "'";
  let out = "";
  for (const byte of data) {
    if (byte === 0x5c) out += "\\\\";
    else if (byte === quote.charCodeAt(0)) out += `\\${quote}`;
    else if (byte === 0x09) out += "\\t";
    else if (byte === 0x0a) out += "\\n";
    else if (byte === 0x0d) out += "\\r";
    else if (byte < 0x20 || byte >= 0x7f) out += `\\x${byte.toString(16).padStart(2, "0")}`;
    else out += String.fromCharCode(byte);
  }
  return `b${quote}${out}${quote}`;
}
