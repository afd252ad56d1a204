/**
 * Signal one pid: the real `kill` of the duties and the sweep, which act on processes graced
 * did not spawn. One already gone is not an error.
 */
export function killPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // ESRCH: already gone
  }
}
