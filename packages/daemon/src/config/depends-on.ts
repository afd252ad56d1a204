import type { Dependency, DependencyCondition } from "./model.js";
import { parseName, ValueError } from "./values.js";

/**
 * `depends_on = db, cache:ready, migrate:done` (grace, issue 14): entries separated by commas
 * or blanks, each a program or group name (or one process's `group:name`) with an optional
 * condition after a colon; `running` when none is given. Whether a name exists is checked
 * with the whole model (check-deps.ts), where "did you mean" has every name to offer.
 */
export const CONDITIONS: readonly DependencyCondition[] = ["started", "running", "ready", "done"];

const isCondition = (s: string): s is DependencyCondition => (CONDITIONS as readonly string[]).includes(s);

export function parseDependsOn(v: string, from: Dependency["from"]): Dependency[] {
  return v
    .split(/[\s,]+/)
    .filter(Boolean)
    .map((entry) => parseEntry(entry, from));
}

function parseEntry(entry: string, from: Dependency["from"]): Dependency {
  const parts = entry.split(":");
  const last = (parts.at(-1) ?? "").toLowerCase();
  const quoted = JSON.stringify(entry);
  let nameParts = parts;
  let condition: DependencyCondition = "running";
  if (parts.length > 1 && isCondition(last)) {
    nameParts = parts.slice(0, -1);
    condition = last;
  } else if (parts.length === 3) {
    throw new ValueError(`unknown condition ${JSON.stringify(parts[2])} in ${quoted}: expected ${CONDITIONS.join(", ")}`);
  }
  if (nameParts.length > 2) throw new ValueError(`expected NAME, NAME:CONDITION or GROUP:PROCESS:CONDITION, got ${quoted}`);
  const name = nameParts.map((part) => checkName(part, quoted)).join(":");
  return { name, condition, from };
}

function checkName(part: string, entry: string): string {
  try {
    return parseName(part);
  } catch (e) {
    throw new ValueError(`${(e as Error).message} in ${entry}`);
  }
}
