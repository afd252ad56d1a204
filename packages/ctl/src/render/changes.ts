import { type ConfigDiff, type ConfigInfo, displayName, Fault, type GroupChangeResult, type GroupResult } from "@grace/protocol";
import { Exit, type Rendered } from "./output.js";

/** Renderers for live config changes, in supervisorctl's words (supervisorctl.py do_reread … do_avail). */

const json = (data: unknown, exitCode: number = Exit.OK): Rendered => ({ text: JSON.stringify(data, null, 2), exitCode });

/** `reread`: one `group: available|changed|disappeared` line per group, sorted by name. */
export function renderReread(diff: ConfigDiff, asJson: boolean): Rendered {
  if (asJson) return json(diff);
  const words: [string, string][] = [
    ...diff.added.map((g): [string, string] => [g, "available"]),
    ...diff.changed.map((g): [string, string] => [g, "changed"]),
    ...diff.removed.map((g): [string, string] => [g, "disappeared"]),
  ];
  if (words.length === 0) return { text: "No config updates to processes", exitCode: Exit.OK };
  words.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { text: words.map(([g, w]) => `${g}: ${w}`).join("\n"), exitCode: Exit.OK };
}

/** graced could not read its config again (CANT_REREAD): the diagnostics, exit 1. */
export function renderRereadError(message: string): Rendered {
  return { text: `ERROR: ${message}`, exitCode: Exit.GENERIC };
}

/** `update` and `reload`: removed and changed groups print `stopped` first, as supervisorctl does. */
export function renderUpdate(results: GroupChangeResult[], asJson: boolean): Rendered {
  const exitCode = results.some((r) => r.status === Fault.BAD_NAME)
    ? Exit.USAGE
    : results.some((r) => r.status !== Fault.SUCCESS)
      ? Exit.GENERIC
      : Exit.OK;
  if (asJson) return json(results, exitCode);
  if (results.length === 0) return { text: "No config updates to processes", exitCode };
  const lines = results.flatMap((r) => {
    if (r.status === Fault.BAD_NAME) return [`ERROR: no such group: ${r.group}`];
    if (r.status !== Fault.SUCCESS) return [`${r.group}: ERROR (${r.description})`];
    return r.change === "added" ? [`${r.group}: ${r.description}`] : [`${r.group}: stopped`, `${r.group}: ${r.description}`];
  });
  return { text: lines.join("\n"), exitCode };
}

function groupLine(r: GroupResult): { line: string; exitCode: number } {
  switch (r.status) {
    case Fault.SUCCESS:
      return { line: `${r.group}: ${r.description}`, exitCode: Exit.OK };
    case Fault.ALREADY_ADDED:
      // supervisorctl treats adding an active group as harmless
      return { line: "ERROR: process group already active", exitCode: Exit.OK };
    case Fault.BAD_NAME:
      return { line: `ERROR: no such process/group: ${r.group}`, exitCode: Exit.GENERIC };
    case Fault.STILL_RUNNING:
      return { line: `ERROR: process/group still running: ${r.group}`, exitCode: Exit.GENERIC };
    case Fault.SHUTDOWN_STATE:
      return { line: "ERROR: shutting down", exitCode: Exit.GENERIC };
    default:
      return { line: `ERROR: ${r.group}: ${r.description}`, exitCode: Exit.GENERIC };
  }
}

/** `add` and `remove`: one line per group. */
export function renderGroupResults(results: GroupResult[], asJson: boolean): Rendered {
  const lines = results.map(groupLine);
  const exitCode = lines.reduce((worst, l) => Math.max(worst, l.exitCode), 0);
  if (asJson) return json(results, exitCode);
  return { text: lines.map((l) => l.line).join("\n"), exitCode };
}

/** `avail`: `name  in use|avail  auto|manual  groupPriority:priority`, supervisorctl's columns. */
export function renderAvail(infos: ConfigInfo[], asJson: boolean): Rendered {
  if (asJson) return json(infos);
  const lines = infos.map((i) => {
    return `${displayName(i.group, i.name).padEnd(32)} ${(i.inUse ? "in use" : "avail").padEnd(9)} ${(i.autostart ? "auto" : "manual").padEnd(9)} ${i.groupPriority}:${i.priority}`;
  });
  return { text: lines.join("\n"), exitCode: Exit.OK };
}
