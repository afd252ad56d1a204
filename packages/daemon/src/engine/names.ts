import type { UnknownName } from "../process/outcome.js";

/**
 * Resolve the name forms of SPEC §6 (`all`, `group:*`, `group:name`, `name`) against the
 * process list. Pure; unknown names come back as errors, never thrown, so one bad name
 * never hides the others.
 */
export type Named = { name: string; group: string };

export type Resolution<T> = {
  /** `whole`: the spec named `all` or a whole group, not a process (supervisorctl is quiet about members already done). */
  matches: { spec: string; items: T[]; whole: boolean }[];
  unknown: UnknownName[];
};

export function resolveNames<T extends Named>(specs: string[], all: readonly T[]): Resolution<T> {
  const matches: Resolution<T>["matches"] = [];
  const unknown: Resolution<T>["unknown"] = [];
  for (const spec of specs) {
    const { items, whole } = match(spec, all);
    if (items.length > 0) matches.push({ spec, items, whole });
    else unknown.push({ spec, kind: spec.endsWith(":*") ? "group" : "process" });
  }
  return { matches, unknown };
}

function match<T extends Named>(spec: string, all: readonly T[]): { items: T[]; whole: boolean } {
  if (spec === "all") return { items: [...all], whole: true };
  const colon = spec.indexOf(":");
  if (colon !== -1) {
    const group = spec.slice(0, colon);
    const name = spec.slice(colon + 1);
    if (name === "*" || name === "") return { items: all.filter((p) => p.group === group), whole: true };
    return { items: all.filter((p) => p.group === group && p.name === name), whole: false };
  }
  // A bare name: the process `name:name`, else a process called `name` in any group,
  // else every member of the group `name` (e.g. a numprocs program).
  const exact = all.filter((p) => p.group === spec && p.name === spec);
  if (exact.length > 0) return { items: exact, whole: false };
  const byName = all.filter((p) => p.name === spec);
  if (byName.length > 0) return { items: byName, whole: false };
  return { items: all.filter((p) => p.group === spec), whole: true };
}

/** Each item once, in first-seen order. */
export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
