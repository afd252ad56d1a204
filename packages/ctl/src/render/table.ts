import { displayName, type StatusResult } from "@grace/protocol";
import Table from "cli-table3";
import type { Rendered } from "./output.js";
import { type Paint, statusExit, unknownLines } from "./status.js";

/** The terminal renderer. Loaded lazily: plain and JSON output never pay for cli-table3. */
/** The terminal table; `paint` colours a state (identity when colour is off). */
export function renderTableStatus(result: StatusResult, paint: Paint): Rendered {
  // no rule between rows: one line per process, like supervisorctl, only framed
  const table = new Table({
    head: ["NAME", "STATE", "DESCRIPTION"],
    style: { head: [], border: [] },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const p of result.processes) table.push([displayName(p.group, p.name), paint(p.statename, p.statename), p.description]);
  const body = result.processes.length > 0 ? table.toString() : "no programs";
  return { text: [body, ...unknownLines(result, "status")].join("\n"), exitCode: statusExit(result) };
}
