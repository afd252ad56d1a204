// Which scenarios a run covers and how many times each daemon's side runs: pure, tested in plan.test.mjs.

/** A mistake in how the bench was asked for, or a missing tool: its message says it all (no stack trace). */
export class BenchError extends Error {}

const matches = (id, word) => id === word || id.startsWith(`${word}-`);

/** --only a,b: each word names a scenario or the start of ids ("shutdown" → shutdown-10, shutdown-200). */
export function select(scenarios, only) {
  if (only === undefined) return scenarios;
  const words = only
    .split(",")
    .map((w) => w.trim())
    .filter(Boolean);
  if (words.length === 0) throw new BenchError(`--only: expected scenario ids, got "${only}"`);
  for (const w of words) {
    if (!scenarios.some((s) => matches(s.id, w))) {
      throw new BenchError(`--only: no scenario "${w}"; there are: ${scenarios.map((s) => s.id).join(", ")}`);
    }
  }
  return scenarios.filter((s) => words.some((w) => matches(s.id, w)));
}

/** Runs of one daemon's side: `runs`, or fewer where the scenario caps it, unless --all-runs. */
export const runsFor = (scenario, daemon, runs, allRuns) => (allRuns ? runs : Math.min(runs, scenario.fewerRuns?.[daemon] ?? runs));

/** The reasons of the scenarios that run some side fewer times than asked. */
export function fewerRunsNotes(scenarios, runs, allRuns) {
  return scenarios.filter((s) => s.daemons.some((d) => runsFor(s, d, runs, allRuns) < runs)).map((s) => `\`${s.id}\`: ${s.fewerRuns.why}`);
}
