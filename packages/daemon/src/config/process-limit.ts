import type { Diagnostic } from "@grace/ini";
import type { ProgramConfig } from "./model.js";

/**
 * The most processes one config may define, `numprocs` summed over every program (see
 * docs/config.md). The shutdown must end within its budget: on a 2-core VM, 4,000 programs
 * stop in 5–6 s of the default 9 s, most of it the stop signals themselves (each dying program
 * takes the CPU from graced for about 0.6 ms), so much more would not fit. A typo such as
 * `numprocs = 100000` is stopped at load, with the value quoted, before anything is built.
 */
export const MAX_PROCESSES = 5000;

const excess = (what: string) =>
  `${what}: graced supervises at most ${MAX_PROCESSES} processes per config (a limit, not a supervisord rule; see docs/config.md)`;

/** One program's `numprocs` alone is over the limit: the message for its numprocs line. */
export function numprocsTooLarge(numprocs: number): string | null {
  return numprocs > MAX_PROCESSES ? excess(`numprocs = ${numprocs} is too many`) : null;
}

/** Every program together over the limit: one error at the program that defines the most. */
export function checkProcessCount(programs: readonly ProgramConfig[], out: Diagnostic[]): void {
  if (programs.length <= MAX_PROCESSES) return;
  const perProgram = new Map<string, ProgramConfig[]>();
  for (const p of programs) perProgram.set(p.program, [...(perProgram.get(p.program) ?? []), p]);
  const largest = [...perProgram.values()].sort((a, b) => b.length - a.length);
  const first = largest[0]?.[0] as ProgramConfig;
  const named = largest
    .slice(0, 3)
    .map((ps) => `[program:${ps[0]?.program}] ${ps.length}`)
    .join(", ");
  out.push({
    severity: "error",
    ...first.source,
    section: `program:${first.program}`,
    message: excess(`this config defines ${programs.length} processes (the most: ${named})`),
  });
}
