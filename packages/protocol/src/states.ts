/** Process states with supervisord's numeric codes (supervisor/states.py). */
export const ProcessState = {
  STOPPED: 0,
  STARTING: 10,
  RUNNING: 20,
  BACKOFF: 30,
  STOPPING: 40,
  EXITED: 100,
  FATAL: 200,
  UNKNOWN: 1000,
} as const;

export type StateName = keyof typeof ProcessState;
export type StateCode = (typeof ProcessState)[StateName];

const namesByCode = new Map<number, StateName>(
  (Object.entries(ProcessState) as [StateName, StateCode][]).map(([name, code]) => [code, name]),
);

export function stateName(code: number): StateName {
  return namesByCode.get(code) ?? "UNKNOWN";
}

/** States a stop has reached its end in, and that `wait --for stopped` waits for. */
export const STOPPED_STATES: readonly StateName[] = ["STOPPED", "EXITED", "FATAL"];

/** States that `status` reports as "not running" (exit code 3). */
export const NOT_RUNNING_STATES: readonly StateName[] = ["STOPPED", "EXITED", "FATAL", "UNKNOWN"];
