import { displayName, NOT_RUNNING_STATES, type ProcessInfo, type StatusResult } from "@grace/protocol";
import { Exit, type Rendered } from "./output.js";

function statusExit(result: StatusResult): number {
  if (result.unknown.length > 0) return Exit.STATUS_UNKNOWN;
  if (result.processes.some((p) => NOT_RUNNING_STATES.includes(p.statename))) return Exit.NOT_RUNNING;
  return Exit.OK;
}

const unknownLines = (result: StatusResult) =>
  result.unknown.map((u) => `${u.fullName}: ERROR (no such ${u.description === "no such group" ? "group" : "process"})`);

/** supervisorctl's plain columns: name padded to max(30, longest)+3, state to 10, description. */
export function renderPlainStatus(result: StatusResult): Rendered {
  const names = result.processes.map((p) => displayName(p.group, p.name));
  const width = Math.max(30, ...names.map((n) => n.length)) + 3;
  const lines = result.processes.map((p, i) => `${(names[i] as string).padEnd(width)}${p.statename.padEnd(10)}${p.description}`.trimEnd());
  return { text: [...lines, ...unknownLines(result)].join("\n"), exitCode: statusExit(result) };
}

export function renderJsonStatus(result: StatusResult): Rendered {
  return { text: JSON.stringify(result, null, 2), exitCode: statusExit(result) };
}

export type Paint = (state: ProcessInfo["statename"], text: string) => string;

/** The terminal table; `paint` colours a state (identity when colour is off). */
export async function renderTableStatus(result: StatusResult, paint: Paint): Promise<Rendered> {
  const { default: Table } = await import("cli-table3");
  const table = new Table({ head: ["NAME", "STATE", "DESCRIPTION"], style: { head: [], border: [] } });
  for (const p of result.processes) table.push([displayName(p.group, p.name), paint(p.statename, p.statename), p.description]);
  const body = result.processes.length > 0 ? table.toString() : "no programs";
  return { text: [body, ...unknownLines(result)].join("\n"), exitCode: statusExit(result) };
}
