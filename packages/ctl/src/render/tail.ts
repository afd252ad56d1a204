import { displayName, Fault, type LogChunk, type NameResult, type TailResult } from "@grace/protocol";
import { readResult, worstExit } from "./faults.js";
import { Exit, type Rendered } from "./output.js";

/** The end of a log as it is; main.ts adds the final newline, so one is taken off here. */
export function renderTail(result: TailResult, json: boolean): Rendered {
  if (json) return { text: JSON.stringify(result, null, 2), exitCode: Exit.OK };
  return { text: result.data.endsWith("\n") ? result.data.slice(0, -1) : result.data, exitCode: Exit.OK };
}

/** One followed chunk: raw bytes for people, one JSON object per line for programs. */
export function renderLogChunk(chunk: LogChunk, json: boolean): string {
  return json ? `${JSON.stringify(chunk)}\n` : chunk.data;
}

/** `clear`: one line per name; an unknown name as it was given. */
export function renderClear(results: NameResult[], json: boolean): Rendered {
  const readings = results.map((r) => readResult(r, "clear"));
  const exitCode = worstExit(readings);
  if (json) return { text: JSON.stringify(results, null, 2), exitCode };
  const lines = results.map((r, i) => `${r.status === Fault.BAD_NAME ? r.fullName : displayName(r.group, r.name)}: ${readings[i].words}`);
  return { text: lines.join("\n"), exitCode };
}
