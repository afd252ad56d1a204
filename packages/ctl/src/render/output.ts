/** What a command hands back to main.ts: text for stdout and stderr, and the exit code. */
export type Rendered = { text: string; error?: string; exitCode: number };

/** supervisorctl 4's exit codes (SPEC §6). */
export const Exit = {
  OK: 0,
  GENERIC: 1,
  USAGE: 2,
  NOT_RUNNING: 3,
  STATUS_UNKNOWN: 4,
  UNREACHABLE: 7,
} as const;
