import type { StateName } from "@grace/protocol";

/** Everything the engine remembers about one process between events. Times are ms since epoch. */
export type ProcRecord = {
  state: StateName;
  /** Leader pid (also the process-group id); 0 when there is none. */
  pid: number;
  startedAt: number;
  stoppedAt: number;
  /** When the current run reached RUNNING (crash-loop damping measures from here). */
  runningSince: number;
  exitCode: number | null;
  exitSignal: string | null;
  spawnerr: string;
  /** Failed starts in the current attempt (STARTING → BACKOFF); reset on RUNNING. */
  backoff: number;
  /** Consecutive short runs (exits < 60 s after RUNNING); drives crash-loop damping. */
  crashStreak: number;
  /** When a pending restart is due (BACKOFF or a damped restart from EXITED), else 0. */
  restartAt: number;
  /** Stop in progress: when the stop signal went out and how long the program may take. */
  stopStartedAt: number;
  stopGraceMs: number;
  /** `stop_escalation` steps sent in the stop in progress. */
  escalations: number;
  /** SIGKILL was needed to stop it. */
  killed: boolean;
  /** While STOPPING: the leader is reaped but its process group still has members. */
  leaderExited: boolean;
  /** graced is shutting down: nothing restarts by itself any more. */
  restartsHeld: boolean;
  /** grace (issue 14): its ready_check passed since the last spawn. */
  ready: boolean;
  /** Why the last probe failed ("" before the first, or once ready). */
  readyNote: string;
  /** When ready_startsecs runs out for this run (0 = no limit, or no check). */
  readyDeadlineAt: number;
  /** Being stopped because it did not get ready in time: the exit is a failed start, with this reason. */
  readyFailed: string;
};

export function initialRecord(): ProcRecord {
  return {
    state: "STOPPED",
    pid: 0,
    startedAt: 0,
    stoppedAt: 0,
    runningSince: 0,
    exitCode: null,
    exitSignal: null,
    spawnerr: "",
    backoff: 0,
    crashStreak: 0,
    restartAt: 0,
    stopStartedAt: 0,
    stopGraceMs: 0,
    escalations: 0,
    killed: false,
    leaderExited: false,
    restartsHeld: false,
    ready: false,
    readyNote: "",
    readyDeadlineAt: 0,
    readyFailed: "",
  };
}
