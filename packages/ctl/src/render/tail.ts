import { Fault, type LogChunk, type NameResult, type TailResult } from "@grace/protocol";
import { Exit, type Rendered } from "./output.js";
import { resultExitCode, resultWords } from "./results.js";

/** The end of a log as it is; main.ts adds the final newline, so one is taken off here. */
export function renderTail(result: TailResult, json: boolean): Rendered {
  if (json) return { text: JSON.stringify(result, null, 2), exitCode: Exit.OK };
  return { text: result.data.endsWith("\n") ? result.data.slice(0, -1) : result.data, exitCode: Exit.OK };
}

/** One followed chunk: raw bytes for people, one JSON object per line for programs. */
export function renderLogChunk(chunk: LogChunk, json: boolean): string {
  return json ? `${JSON.stringify(chunk)}\n` : chunk.data;
}

/** A refused `tail`: supervisorctl's `name: ERROR (…)` line. */
export function renderTailError(name: string, code: number, message: string): Rendered {
  const why = code === Fault.BAD_NAME ? "no such process" : code === Fault.NO_FILE ? `no log file: ${message}` : message;
  return { text: "", error: `${name}: ERROR (${why})`, exitCode: Exit.GENERIC };
}

export function renderClear(results: NameResult[], json: boolean): Rendered {
  const exitCode = results.reduce((worst, r) => Math.max(worst, resultExitCode(r, "stop")), 0);
  if (json) return { text: JSON.stringify(results, null, 2), exitCode };
  const lines = results.map(
    (r) =>
      `${r.status === Fault.BAD_NAME ? r.fullName : r.name === r.group ? r.name : r.fullName}: ${r.status === Fault.SUCCESS ? "cleared" : resultWords(r, "stop")}`,
  );
  return { text: lines.join("\n"), exitCode };
}
