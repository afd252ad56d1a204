import { displayName } from "@grace/protocol";
import type { SupervisedProcess } from "./backend.js";
import { XmlRpcFaults as F, XmlRpcFault } from "./faults.js";

/**
 * supervisord's namespecs (options.split_namespec): `group:name`, `group:*` or `group:` (the
 * whole group), and a bare `name`, which means the process `name` of the group `name` — unlike
 * gracectl's names, a bare name never finds a process of another group. Pure.
 */
export function splitNamespec(spec: string): { group: string; process: string | null } {
  const colon = spec.indexOf(":");
  if (colon === -1) return { group: spec, process: spec };
  const process = spec.slice(colon + 1);
  return { group: spec.slice(0, colon), process: process === "" || process === "*" ? null : process };
}

/** What a namespec names: one process, or (process null) a whole group. */
export type Found = { group: string; members: SupervisedProcess[]; process: SupervisedProcess | null };

/** The group and process a namespec names; BAD_NAME (with the spec) when either is unknown. */
export function findNamespec(all: readonly SupervisedProcess[], spec: string): Found {
  const { group, process } = splitNamespec(spec);
  const members = priorityOrder(all.filter((p) => p.group === group));
  if (members.length === 0) throw new XmlRpcFault(F.BAD_NAME, spec);
  if (process === null) return { group, members, process: null };
  const found = members.find((p) => p.name === process);
  if (!found) throw new XmlRpcFault(F.BAD_NAME, spec);
  return { group, members, process: found };
}

/** The single process a namespec names; a whole group is BAD_NAME, as supervisord answers. */
export function findProcess(all: readonly SupervisedProcess[], spec: string): SupervisedProcess {
  const { process } = findNamespec(all, spec);
  if (process === null) throw new XmlRpcFault(F.BAD_NAME, spec);
  return process;
}

/**
 * supervisord's order for "all": groups by priority, then by name; processes within a group
 * by priority, ties in the daemon's (config) order.
 */
export function priorityOrder(all: readonly SupervisedProcess[]): SupervisedProcess[] {
  const index = new Map(all.map((p, i) => [p, i]));
  return [...all].sort(
    (a, b) =>
      a.groupPriority - b.groupPriority || byText(a.group, b.group) || a.priority - b.priority || (index.get(a) ?? 0) - (index.get(b) ?? 0),
  );
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** getAllProcessInfo's order: by group name, then process name. */
export function lexicalOrder(all: readonly SupervisedProcess[]): SupervisedProcess[] {
  return [...all].sort((a, b) => byText(a.group, b.group) || byText(a.name, b.name));
}

/** The name supervisord puts in per-process messages: `name` when the group is named after it. */
export const namespecOf = (p: { group: string; name: string }) => displayName(p.group, p.name);
