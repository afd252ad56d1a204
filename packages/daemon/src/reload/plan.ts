import { isDeepStrictEqual } from "node:util";
import type { Config, ProgramConfig } from "../config/model.js";

/**
 * Live config changes, decided without touching a process (SPEC §4.5): which groups a new
 * config adds, changes or removes, and for an update which processes must stop and which
 * must start. A process whose resolved config is unchanged is never in either list, so it
 * keeps its pid.
 */
export type GroupSpec = { name: string; priority: number; processes: ProgramConfig[] };

export type ConfigDiff = { added: string[]; changed: string[]; removed: string[] };

export type GroupChange = "added" | "changed" | "removed";

export type GroupPlan = {
  group: string;
  change: GroupChange;
  /** Names (within the group) of running-config processes to stop and drop. */
  stop: string[];
  /** New-config processes to add (and autostart). */
  start: ProgramConfig[];
};

/** The process groups of a config: `[group:x]` sections, else one group per program. */
export function groupsOf(config: Pick<Config, "programs" | "groups">): Map<string, GroupSpec> {
  const groups = new Map<string, GroupSpec>();
  for (const p of config.programs) {
    const g = groups.get(p.group);
    if (g) g.processes.push(p);
    else groups.set(p.group, { name: p.group, priority: p.priority, processes: [p] });
  }
  for (const g of config.groups) {
    const spec = groups.get(g.name);
    if (spec) spec.priority = g.priority;
  }
  return groups;
}

/**
 * Two process configs are the same when their resolved values are equal. Where the section
 * was written, and the numprocs templates (whose effect is already in the expanded names and
 * commands), do not count: growing numprocs from 2 to 3 must not restart the first two.
 */
export function sameProcess(a: ProgramConfig, b: ProgramConfig): boolean {
  const resolved = (p: ProgramConfig) => ({ ...p, source: null, numprocs: 0, numprocsStart: 0, processName: "" });
  return isDeepStrictEqual(resolved(a), resolved(b));
}

function sameGroup(a: GroupSpec, b: GroupSpec): boolean {
  if (a.priority !== b.priority || a.processes.length !== b.processes.length) return false;
  const before = new Map(a.processes.map((p) => [p.name, p]));
  return b.processes.every((p) => {
    const old = before.get(p.name);
    return old !== undefined && sameProcess(old, p);
  });
}

const sorted = (names: Iterable<string>) => [...names].sort();

/** What `reread` reports: groups added, changed and removed by the new config, each sorted. */
export function diffConfigs(active: Map<string, GroupSpec>, next: Map<string, GroupSpec>): ConfigDiff {
  const added = sorted([...next.keys()].filter((n) => !active.has(n)));
  const removed = sorted([...active.keys()].filter((n) => !next.has(n)));
  const changed = sorted(
    [...next.values()]
      .filter((g) => {
        const old = active.get(g.name);
        return old !== undefined && !sameGroup(old, g);
      })
      .map((g) => g.name),
  );
  return { added, changed, removed };
}

/** Inside a changed group: stop what was removed or differs, start what is new or differs. */
function planChanged(old: GroupSpec, next: GroupSpec): GroupPlan {
  const before = new Map(old.processes.map((p) => [p.name, p]));
  const after = new Map(next.processes.map((p) => [p.name, p]));
  const differs = (p: ProgramConfig) => {
    const other = after.get(p.name);
    return other === undefined || !sameProcess(p, other);
  };
  return {
    group: next.name,
    change: "changed",
    stop: old.processes.filter(differs).map((p) => p.name),
    start: next.processes.filter((p) => {
      const prev = before.get(p.name);
      return prev === undefined || !sameProcess(prev, p);
    }),
  };
}

/**
 * The steps of `update [all|GROUP…]`: removed groups first, then changed, then added, as
 * supervisorctl does. `names` empty or containing "all" means every group; a name that is
 * neither active nor in the new config comes back in `unknown`.
 */
export function planUpdate(
  active: Map<string, GroupSpec>,
  next: Map<string, GroupSpec>,
  names: readonly string[],
): { plans: GroupPlan[]; unknown: string[] } {
  const everything = names.length === 0 || names.includes("all");
  const wanted = new Set(names);
  const unknown = everything ? [] : names.filter((n) => !active.has(n) && !next.has(n));
  const pick = (group: string) => everything || wanted.has(group);
  const diff = diffConfigs(active, next);
  const plans: GroupPlan[] = [
    ...diff.removed.filter(pick).map((group): GroupPlan => {
      const old = active.get(group) as GroupSpec;
      return { group, change: "removed", stop: old.processes.map((p) => p.name), start: [] };
    }),
    ...diff.changed.filter(pick).map((group) => planChanged(active.get(group) as GroupSpec, next.get(group) as GroupSpec)),
    ...diff.added
      .filter(pick)
      .map((group): GroupPlan => ({ group, change: "added", stop: [], start: (next.get(group) as GroupSpec).processes })),
  ];
  return { plans, unknown };
}
