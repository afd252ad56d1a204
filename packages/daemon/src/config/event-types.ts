/**
 * supervisord's event types (supervisor/events.py), as `[eventlistener:x] events=` names them.
 * A listener may subscribe to a concrete type (PROCESS_STATE_EXITED) or to an abstract one,
 * which stands for all of its subtypes (PROCESS_STATE, TICK, …; EVENT is every event). The
 * header of a delivered event always names the concrete type.
 */

/** Each concrete type with its abstract parent. */
export const CONCRETE_EVENTS = {
  PROCESS_STATE_STOPPED: "PROCESS_STATE",
  PROCESS_STATE_EXITED: "PROCESS_STATE",
  PROCESS_STATE_STARTING: "PROCESS_STATE",
  PROCESS_STATE_STOPPING: "PROCESS_STATE",
  PROCESS_STATE_BACKOFF: "PROCESS_STATE",
  PROCESS_STATE_FATAL: "PROCESS_STATE",
  PROCESS_STATE_RUNNING: "PROCESS_STATE",
  PROCESS_STATE_UNKNOWN: "PROCESS_STATE",
  PROCESS_COMMUNICATION_STDOUT: "PROCESS_COMMUNICATION",
  PROCESS_COMMUNICATION_STDERR: "PROCESS_COMMUNICATION",
  PROCESS_LOG_STDOUT: "PROCESS_LOG",
  PROCESS_LOG_STDERR: "PROCESS_LOG",
  REMOTE_COMMUNICATION: "EVENT",
  SUPERVISOR_STATE_CHANGE_RUNNING: "SUPERVISOR_STATE_CHANGE",
  SUPERVISOR_STATE_CHANGE_STOPPING: "SUPERVISOR_STATE_CHANGE",
  TICK_5: "TICK",
  TICK_60: "TICK",
  TICK_3600: "TICK",
  PROCESS_GROUP_ADDED: "PROCESS_GROUP",
  PROCESS_GROUP_REMOVED: "PROCESS_GROUP",
} as const;

export type EventName = keyof typeof CONCRETE_EVENTS;

export const ABSTRACT_EVENTS = [
  "EVENT",
  "PROCESS_STATE",
  "PROCESS_COMMUNICATION",
  "PROCESS_LOG",
  "SUPERVISOR_STATE_CHANGE",
  "TICK",
  "PROCESS_GROUP",
] as const;

/** Every name `events=` accepts. */
export const EVENT_TYPE_NAMES: readonly string[] = [...ABSTRACT_EVENTS, ...Object.keys(CONCRETE_EVENTS)];

/**
 * Types graced accepts but never sends: supervisord emits them for output between
 * `<!--XSUPERVISOR:BEGIN-->` and `<!--XSUPERVISOR:END-->` in capture mode (`*_capture_maxbytes`),
 * which graced does not implement.
 */
export const NEVER_SENT: readonly string[] = ["PROCESS_COMMUNICATION", "PROCESS_COMMUNICATION_STDOUT", "PROCESS_COMMUNICATION_STDERR"];

/** Does a subscription to `subscribed` (concrete or abstract) receive an event of type `name`? */
export function subscribes(subscribed: string, name: EventName): boolean {
  return subscribed === "EVENT" || subscribed === name || subscribed === CONCRETE_EVENTS[name];
}
