import type { StateName } from "@grace/protocol";
import type { ManagedProcess } from "./managed-process.js";

/** Does an `exit_on_fatal` entry name this process? `*`, the program, the process or `group:name`. */
export function isListed(list: readonly string[], p: Pick<ManagedProcess, "cfg" | "fullName">): boolean {
  return list.some((n) => n === "*" || n === p.cfg.program || n === p.cfg.name || n === p.fullName || n === p.cfg.group);
}

/**
 * Why a state change ends graced under `exit_on_fatal` (SPEC §2.4), or null: the program gave
 * up (FATAL), or exited and nothing will restart it (EXITED with no restart pending, which is
 * what autorestart=false does, and autorestart=unexpected after an expected exit).
 */
export function fatalReason(p: Pick<ManagedProcess, "state" | "record">): string | null {
  if (p.state === "FATAL") return "entered FATAL";
  if (p.state === "EXITED" && p.record.restartAt === 0) return "exited and will not be restarted";
  return null;
}

/** A "change" listener that calls `onFatal` once, for the first listed program that dies for good. */
export function watchExitOnFatal(list: readonly string[], onFatal: (p: ManagedProcess, why: string) => void) {
  let fired = false;
  return (p: ManagedProcess, _from: StateName): void => {
    if (fired || list.length === 0 || !isListed(list, p)) return;
    const why = fatalReason(p);
    if (why === null) return;
    fired = true;
    onFatal(p, why);
  };
}
