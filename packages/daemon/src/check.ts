import { type Diagnostic, formatDiagnostic } from "@grace/ini";
import { checkJson } from "./config/check-json.js";
import type { LoadResult } from "./config/load.js";

/**
 * `graced --check [--strict] [--json]`: what to print and the exit status, decided from a
 * load result. Pure; main.ts writes and exits. Exit 0 = usable (warnings allowed unless
 * strict), 2 = errors. Notes never fail: they tell what graced does differently with a section
 * that works as written.
 */
export type CheckOutput = { stdout: string; stderr: string; code: 0 | 2 };

/** Beyond this many, the rest are counted, not printed (a garbage file has thousands). */
export const MAX_SHOWN = 200;

export function checkOutput(file: string, result: LoadResult, opts: { strict: boolean; json: boolean }): CheckOutput {
  const fatal = (d: Diagnostic) => d.severity === "error" || (opts.strict && d.severity === "warning");
  const errors = result.diagnostics.filter(fatal);
  const warnings = result.diagnostics.filter((d) => !fatal(d));
  const config = errors.length > 0 ? undefined : result.config;
  if (opts.json) {
    if (config === undefined)
      return { stdout: `${JSON.stringify({ errors: errors.map(formatDiagnostic) }, null, 2)}\n`, stderr: "", code: 2 };
    const json = checkJson(config, warnings.map(formatDiagnostic));
    return { stdout: `${JSON.stringify(json, null, 2)}\n`, stderr: "", code: 0 };
  }
  const lines = [...errors, ...warnings].slice(0, MAX_SHOWN).map(formatDiagnostic);
  const hidden = errors.length + warnings.length - lines.length;
  if (hidden > 0) lines.push(`… and ${hidden} more`);
  const stderr = lines.length > 0 ? `${lines.join("\n")}\n` : "";
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : what.endsWith("s") ? "es" : "s"}`;
  const notes = warnings.filter((d) => d.severity === "note").length;
  const rest = [count(warnings.length - notes, "warning"), ...(notes > 0 ? [count(notes, "note")] : [])].join(", ");
  if (config === undefined) return { stdout: "", stderr: `${stderr}${file}: ${count(errors.length, "error")}, ${rest}\n`, code: 2 };
  return { stdout: `${file}: ok, ${count(config.programs.length, "process")}, ${rest}\n`, stderr, code: 0 };
}
