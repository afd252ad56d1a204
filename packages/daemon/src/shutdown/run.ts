import { displayName } from "@grace/protocol";
import { EXIT_RESERVE_MS } from "../engine/levels.js";
import type { StopOutcome } from "../engine/stop-all.js";
import type { Supervisor } from "../engine/supervisor.js";
import type { Logger } from "../logs/logger.js";
import { describeSwept, type Sweep, type SweepResult } from "../pid1/sweep.js";
import { deadlineFor } from "./budget.js";
import { planLines, type ShutdownTotals, summaryLine } from "./summary.js";

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

/**
 * How long the drain lasts (`shutdown_drain`): as configured, but never past the deadline less
 * the exit reserve, so the stop still gets what is left.
 */
export function drainFor(drainSeconds: number, startedAt: number, deadline: number, reserveMs: number): number {
  const want = Math.max(0, drainSeconds * 1000);
  return deadline > 0 ? Math.max(0, Math.min(want, deadline - reserveMs - startedAt)) : want;
}

/** What the caller needs to finish: drain the pipes by the deadline, log the totals, exit. */
export type RunResult = { startedAt: number; deadline: number; totals: Omit<ShutdownTotals, "ms" | "fatal"> };

/**
 * One shutdown (SPEC §4.3): the drain (`shutdown_drain`: status says not ready while the
 * programs still run), every program stopped in dependency and priority order against the
 * budget's schedule, then the orphan sweep. The caller drains, logs the final line and closes the socket afterwards, so
 * status keeps answering (STOPPING) until the very end.
 */
export class ShutdownRun {
  private escalated = false;
  private sweep: Sweep | undefined;
  /** Ends the drain early: a second signal means now. */
  private endDrain: (() => void) | undefined;

  constructor(
    private readonly deps: ShutdownDeps,
    private readonly budgetSeconds: number,
    private readonly drainSeconds = 0,
  ) {}

  /**
   * `startedAt`: when the shutdown really began (the moment the signal arrived); the budget and
   * the final line's time both count from there.
   */
  async run(reason: string, startedAt = this.deps.now()): Promise<RunResult> {
    const { supervisor, logger, now } = this.deps;
    const started = startedAt;
    const deadline = deadlineFor(started, this.budgetSeconds);
    const within = deadline ? ` within ${this.budgetSeconds}s` : "";
    const drainMs = drainFor(this.drainSeconds, started, deadline, EXIT_RESERVE_MS);
    if (drainMs > 0 && !this.escalated) {
      supervisor.drain();
      logger.info(`${reason}: draining for ${(drainMs / 1000).toFixed(1)}s (reported not ready), then stopping all programs${within}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(0, started + drainMs - now()));
        this.endDrain = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.endDrain = undefined;
      logger.info("shutdown: drain over, stopping all programs");
    } else {
      logger.info(`${reason}: stopping all programs${within}`);
    }
    const { outcomes, notStarted } = await supervisor.shutdown(
      deadline,
      {
        stopped: (o) => logger.info(summaryLine(toSummary(o))),
        notStarted: (n) => logger.info(`shutdown: ${n} program(s) still waiting for their turn to spawn will not be started`),
        planned: (lines) => {
          for (const line of planLines(lines)) logger.info(line);
        },
      },
      started,
    );

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
    this.endDrain?.();
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
