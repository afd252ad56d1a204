import { type ConfigDiff, type ConfigInfo, displayName, Fault, type GroupChangeResult, type GroupResult } from "@grace/protocol";
import { type GroupVerb, readGroupFault, worstExit } from "./faults.js";
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

/** One group's lines and exit code; a success reads as graced describes it. */
function groupLines(r: GroupResult | GroupChangeResult, verb: GroupVerb, success: () => string[]): { lines: string[]; exitCode: number } {
  if (r.status === Fault.SUCCESS) return { lines: success(), exitCode: Exit.OK };
  const { words, exitCode } = readGroupFault(r, verb);
  return { lines: [words], exitCode };
}

/** `update` and `reload`: removed and changed groups print `stopped` first, as supervisorctl does. */
export function renderUpdate(results: GroupChangeResult[], asJson: boolean): Rendered {
  const read = results.map((r) =>
    groupLines(r, "update", () =>
      r.change === "added" ? [`${r.group}: ${r.description}`] : [`${r.group}: stopped`, `${r.group}: ${r.description}`],
    ),
  );
  const exitCode = worstExit(read);
  if (asJson) return json(results, exitCode);
  if (results.length === 0) return { text: "No config updates to processes", exitCode };
  return { text: read.flatMap((r) => r.lines).join("\n"), exitCode };
}

/** `add` and `remove`: one line per group. */
export function renderGroupResults(results: GroupResult[], asJson: boolean): Rendered {
  const read = results.map((r) => groupLines(r, "add", () => [`${r.group}: ${r.description}`]));
  const exitCode = worstExit(read);
  if (asJson) return json(results, exitCode);
  return { text: read.flatMap((r) => r.lines).join("\n"), exitCode };
}

/** `avail`: `name  in use|avail  auto|manual  groupPriority:priority`, supervisorctl's columns. */
export function renderAvail(infos: ConfigInfo[], asJson: boolean): Rendered {
  if (asJson) return json(infos);
  const lines = infos.map((i) => {
    return `${displayName(i.group, i.name).padEnd(32)} ${(i.inUse ? "in use" : "avail").padEnd(9)} ${(i.autostart ? "auto" : "manual").padEnd(9)} ${i.groupPriority}:${i.priority}`;
  });
  return { text: lines.join("\n"), exitCode: Exit.OK };
}
