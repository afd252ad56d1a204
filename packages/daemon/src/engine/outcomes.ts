import { fullName } from "@grace/protocol";
import type { ManagedProcess } from "../process/managed-process.js";
import type { OutcomeCode, ProcOutcome } from "../process/outcome.js";

/** One process's outcome of a verb. */
export function outcome(p: ManagedProcess, code: OutcomeCode, description: string): ProcOutcome {
  return { name: p.cfg.name, group: p.cfg.group, code, description };
}

/**
 * supervisorctl's words for a group or `all`: a member already where the verb takes it (already
 * started, not running) gets no line; named on its own, it gets its ERROR line as before.
 */
export function quietForGroups(results: ProcOutcome[], noop: OutcomeCode, named: ReadonlySet<string>): ProcOutcome[] {
  return results.filter((r) => r.code !== noop || named.has(fullName(r.group, r.name)));
}
