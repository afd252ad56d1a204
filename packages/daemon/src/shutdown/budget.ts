import { displayName } from "@grace/protocol";
import { defaultDaemon, defaultProgram } from "../config/defaults.js";
import type { ProgramConfig } from "../config/model.js";
import { MAX_SECONDS } from "../config/values.js";
import { EXIT_RESERVE_MS } from "../engine/levels.js";

/**
 * The shutdown budget (SPEC §2.4, §4.3): `[supervisord] shutdown_timeout`, overridden by
 * GRACE_SHUTDOWN_TIMEOUT. Pure: the caller passes the environment value and logs the result.
 */
export type Budget = { seconds: number; warnings: string[] };

export const ENV_NAME = "GRACE_SHUTDOWN_TIMEOUT";

export function resolveBudget(configSeconds: number, envValue: string | undefined): Budget {
  if (envValue === undefined || envValue.trim() === "") return { seconds: configSeconds, warnings: [] };
  const v = envValue.trim();
  const ignored = (why: string) => ({
    seconds: configSeconds,
    warnings: [`${ENV_NAME}: expected ${why}, got "${envValue}"; using shutdown_timeout = ${configSeconds}`],
  });
  if (!/^\d+(\.\d+)?$/.test(v)) return ignored("a non-negative number of seconds");
  // the same bound as shutdown_timeout's: the deadline's timers would fire at once beyond it
  if (Number(v) > MAX_SECONDS) return ignored(`at most ${MAX_SECONDS} seconds (24.8 days)`);
  return { seconds: Number(v), warnings: [] };
}

export type Stoppable = { name: string; stopwaitsecs: number };

/** Names listed in one warning before "and N more". */
const LISTED = 10;

/** supervisord's default stopwaitsecs beside grace's default budget: a designed pairing. */
export type DefaultPair = { stopwaitsecs: number; seconds: number };

/**
 * The start-up warning for programs whose grace period the budget will cut short, one line per
 * distinct stopwaitsecs naming its programs (200 programs should not mean 200 lines).
 * supervisord's default stopwaitsecs (10) is above grace's default budget (9) on purpose — the
 * budget sits under docker stop's 10 s — so that pair alone says nothing: every untouched
 * config would warn otherwise.
 */
export function budgetWarnings(programs: readonly Stoppable[], seconds: number, reserveMs: number, defaults: DefaultPair): string[] {
  if (seconds <= 0) return [];
  const byWait = new Map<number, string[]>();
  for (const p of programs) {
    if (p.stopwaitsecs <= seconds) continue;
    if (p.stopwaitsecs === defaults.stopwaitsecs && seconds === defaults.seconds) continue;
    byWait.set(p.stopwaitsecs, [...(byWait.get(p.stopwaitsecs) ?? []), p.name]);
  }
  const most = Math.max(0, seconds - reserveMs / 1000).toFixed(1);
  return [...byWait.entries()]
    .sort(([a], [b]) => b - a)
    .map(([wait, names]) => {
      const listed = names.slice(0, LISTED).join(", ") + (names.length > LISTED ? ` and ${names.length - LISTED} more` : "");
      return (
        `stopwaitsecs = ${wait} exceeds shutdown_timeout = ${seconds} for ${listed}: at shutdown they get at most ${most}s ` +
        `(raise shutdown_timeout together with docker stop -t, or lower stopwaitsecs)`
      );
    });
}

/** The designed pairing itself: supervisord's default stopwaitsecs, grace's default budget. */
const DEFAULT_PAIR: DefaultPair = {
  stopwaitsecs: defaultProgram("", { file: "", line: 0 }).stopwaitsecs,
  seconds: defaultDaemon("").shutdownTimeout,
};

/** budgetWarnings for these programs, with the defaults' pairing and the SIGKILL's reserve. */
export function startupBudgetWarnings(
  programs: readonly Pick<ProgramConfig, "group" | "name" | "stopwaitsecs">[],
  seconds: number,
): string[] {
  const stoppable = programs.map((p) => ({ name: displayName(p.group, p.name), stopwaitsecs: p.stopwaitsecs }));
  return budgetWarnings(stoppable, seconds, EXIT_RESERVE_MS, DEFAULT_PAIR);
}

/** The shutdown deadline in ms since epoch; 0 = no global budget. */
export function deadlineFor(startedAt: number, seconds: number): number {
  return seconds > 0 ? startedAt + seconds * 1000 : 0;
}
