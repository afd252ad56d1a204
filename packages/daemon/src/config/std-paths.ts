/**
 * graced's own stdout and stderr spelled as paths, as a `*_logfile` or `logfile` may name them:
 * written through graced's streams, never opened (a log target, and no directory to check).
 */
const STD_PATHS = new Map<string, "stdout" | "stderr">([
  ["/dev/stdout", "stdout"],
  ["/dev/fd/1", "stdout"],
  ["/proc/self/fd/1", "stdout"],
  ["/dev/stderr", "stderr"],
  ["/dev/fd/2", "stderr"],
  ["/proc/self/fd/2", "stderr"],
]);

/** The stream of graced's that `path` names, or null for any other path. */
export function stdStreamOf(path: string): "stdout" | "stderr" | null {
  return STD_PATHS.get(path) ?? null;
}
