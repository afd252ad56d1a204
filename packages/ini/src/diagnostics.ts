/**
 * A problem found in a config file, reported as `FILE:LINE: [section] key: message`. A `note`
 * tells what graced does differently with a section that works as written; it is no problem,
 * so `--check --strict` lets it pass.
 */
export type Diagnostic = {
  severity: "error" | "warning" | "note";
  file: string;
  line: number;
  section?: string;
  key?: string;
  message: string;
};

export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line > 0 ? `${d.file}:${d.line}` : d.file;
  const section = d.section === undefined ? "" : ` [${d.section}]`;
  const key = d.key === undefined ? "" : ` ${d.key}`;
  const label = d.severity === "error" ? "" : `${d.severity}: `;
  const place = section === "" && key === "" ? where : `${where}:${section}${key}`;
  return `${place}: ${label}${d.message}`;
}

/** Thrown when a config cannot be used; carries every error found, not only the first. */
export class ConfigError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.name = "ConfigError";
  }
}
