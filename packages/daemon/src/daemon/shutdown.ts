import type { Supervisor } from "../engine/supervisor.js";
import type { Logger } from "../logs/logger.js";
import type { Pid1Duties } from "../pid1/duties.js";
import { killPid } from "../pid1/kill-pid.js";
import { readProcTable } from "../pid1/read-proc.js";
import { Sweep } from "../pid1/sweep.js";
import { ShutdownRun } from "../shutdown/run.js";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** One shutdown over the real system: the engine's stop, then a sweep of graced's descendants by /proc. */
export function shutdownRun(
  parts: { supervisor: Supervisor; logger: Logger; pid1: Pid1Duties },
  budgetSeconds: number,
  drainSeconds: number,
): ShutdownRun {
  return new ShutdownRun(
    {
      supervisor: parts.supervisor,
      logger: parts.logger,
      now: Date.now,
      newSweep: (killAt) => new Sweep({ self: process.pid, readTable: () => readProcTable(), kill: killPid, now: Date.now, sleep }, killAt),
      killEverything: () => parts.pid1.killEverything(),
    },
    budgetSeconds,
    drainSeconds,
  );
}
