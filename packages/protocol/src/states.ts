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

/** States a stop has reached its end in, and that `wait --for stopped` waits for. A damped
 * restart pending still shows EXITED (its `restartIn` is above 0). */
export const STOPPED_STATES: readonly StateName[] = ["STOPPED", "EXITED", "FATAL"];

export const isStopped = (state: StateName): boolean => STOPPED_STATES.includes(state);

/** States with a live pid that a signal can reach (supervisord's SIGNALLABLE_STATES). */
export const SIGNALLABLE_STATES: readonly StateName[] = ["STARTING", "RUNNING", "STOPPING"];

/** States that `status` reports as "not running" (exit code 3). */
export const NOT_RUNNING_STATES: readonly StateName[] = ["STOPPED", "EXITED", "FATAL", "UNKNOWN"];
