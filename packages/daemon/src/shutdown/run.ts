import { displayName } from "@grace/protocol";
import type { StopOutcome } from "../engine/stop-all.js";
import type { Supervisor } from "../engine/supervisor.js";
import type { Logger } from "../logs/logger.js";
import { describeSwept, type Sweep, type SweepResult } from "../pid1/sweep.js";
import { deadlineFor } from "./budget.js";
import { type ShutdownTotals, summaryLine } from "./summary.js";

/**
 * The sweep's SIGKILL goes out this long before the deadline: after the programs' own
 * SIGKILL (EXIT_RESERVE_MS before it), so a leftover daemon still gets a moment for SIGTERM.
 */
export const SWEEP_RESERVE_MS = 400;
/** Without a global budget, leftovers get as long as supervisord's default stopwaitsecs. */
export const NO_BUDGET_SWEEP_MS = 10_000;

export type ShutdownDeps = {
  supervisor: Supervisor;
  logger: Logger;
  now: () => number;
  /** A sweep of graced's remaining descendants that SIGKILLs at `killAt`. */
  newSweep: (killAt: number) => Sweep;
  /** SIGKILL every process below graced; returns how many. */
  killEverything: () => number;
};

/** What the caller needs to finish: drain the pipes by the deadline, log the totals, exit. */
export type RunResult = { startedAt: number; deadline: number; totals: Omit<ShutdownTotals, "ms" | "fatal"> };

/**
 * One shutdown (SPEC §4.3): every program stopped level by level within the budget, then the
 * orphan sweep. The caller drains, logs the final line and closes the socket afterwards, so
 * status keeps answering (STOPPING) until the very end.
 */
export class ShutdownRun {
  private escalated = false;
  private sweep: Sweep | undefined;

  constructor(
    private readonly deps: ShutdownDeps,
    private readonly budgetSeconds: number,
  ) {}

  /**
   * `startedAt`: when the shutdown really began (the moment the signal arrived); the budget and
   * the final line's time both count from there.
   */
  async run(reason: string, startedAt = this.deps.now()): Promise<RunResult> {
    const { supervisor, logger, now } = this.deps;
    const started = startedAt;
    const deadline = deadlineFor(started, this.budgetSeconds);
    logger.info(`${reason}: stopping all programs${deadline ? ` within ${this.budgetSeconds}s` : ""}`);
    const { outcomes, notStarted } = await supervisor.shutdown(deadline, {
      stopped: (o) => logger.info(summaryLine(toSummary(o))),
      notStarted: (n) => logger.info(`shutdown: ${n} program(s) still waiting for their turn to spawn will not be started`),
    });

    const sweep = await this.runSweep(deadline ? deadline - SWEEP_RESERVE_MS : now() + NO_BUDGET_SWEEP_MS);
    const totals = {
      stopped: outcomes.length,
      killed: outcomes.filter((o) => o.killed).length,
      swept: sweep.swept.length,
      sweptKilled: sweep.killed.length,
      escalated: this.escalated,
      notStarted,
    };
    return { startedAt: started, deadline, totals };
  }

  /** A second SIGTERM/SIGINT: SIGKILL to everything still alive, at once. */
  escalate(): void {
    this.escalated = true;
    this.deps.supervisor.escalate();
    const n = this.deps.killEverything();
    this.deps.logger.warn(`sent SIGKILL to ${n} remaining process(es)`);
    this.sweep?.killNow();
  }

  private async runSweep(killAt: number): Promise<SweepResult> {
    this.sweep = this.deps.newSweep(killAt);
    if (this.escalated) this.sweep.killNow();
    const result = await this.sweep.run();
    const { logger } = this.deps;
    if (result.swept.length > 0) {
      logger.warn(`swept ${result.swept.length} leftover process(es) that outlived their programs: ${describeSwept(result.swept)}`);
    }
    if (result.killed.length > 0) logger.warn(`SIGKILLed leftover process(es) at the deadline: ${describeSwept(result.killed)}`);
    return result;
  }
}

function toSummary(o: StopOutcome) {
  const p = o.proc;
  return {
    name: displayName(p.cfg.group, p.cfg.name),
    ms: o.ms,
    killed: o.killed,
    exitCode: p.record.exitCode,
    exitSignal: p.record.exitSignal,
    graceMs: p.record.stopGraceMs,
    beforeSignal: o.beforeSignal,
  };
}
