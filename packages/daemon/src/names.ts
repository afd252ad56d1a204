/**
 * Resolve the name forms of SPEC §6 (`all`, `group:*`, `group:name`, `name`) against the
 * process list. Pure; unknown names come back as errors, never thrown, so one bad name
 * never hides the others.
 */
export type Named = { name: string; group: string };

export type Resolution<T> = {
  matches: { spec: string; items: T[] }[];
  unknown: { spec: string; kind: "process" | "group" }[];
};

export function resolveNames<T extends Named>(specs: string[], all: readonly T[]): Resolution<T> {
  const matches: Resolution<T>["matches"] = [];
  const unknown: Resolution<T>["unknown"] = [];
  for (const spec of specs) {
    const items = match(spec, all);
    if (items.length > 0) matches.push({ spec, items });
    else unknown.push({ spec, kind: spec.endsWith(":*") ? "group" : "process" });
  }
  return { matches, unknown };
}

function match<T extends Named>(spec: string, all: readonly T[]): T[] {
  if (spec === "all") return [...all];
  const colon = spec.indexOf(":");
  if (colon !== -1) {
    const group = spec.slice(0, colon);
    const name = spec.slice(colon + 1);
    if (name === "*" || name === "") return all.filter((p) => p.group === group);
    return all.filter((p) => p.group === group && p.name === name);
  }
  // A bare name: the process `name:name`, else a process called `name` in any group,
  // else every member of the group `name` (e.g. a numprocs program).
  const exact = all.filter((p) => p.group === spec && p.name === spec);
  if (exact.length > 0) return exact;
  const byName = all.filter((p) => p.name === spec);
  if (byName.length > 0) return byName;
  return all.filter((p) => p.group === spec);
}

/** Each item once, in first-seen order. */
export function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}
