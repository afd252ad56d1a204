/**
 * The end of a shutdown, once the programs are gone (SPEC §4.4): how long their pipes may still
 * be read, and how long the clients told "shutdown complete" get to leave. Pure: the caller
 * passes the deadline (0 = no budget) and the time now.
 */

/** However late the shutdown, pipes get this long to be read to their end. */
export const MIN_DRAIN_MS = 250;
/** Without a shutdown budget, a pipe held open by an escaped grandchild is given up after this. */
export const UNBUDGETED_DRAIN_MS = 5000;
/** The drain ends this long before the deadline: closing the logs and exiting come after it. */
export const DRAIN_MARGIN_MS = 150;
/**
 * Clients told "shutdown complete" get this long to print and leave (they take a few ms)…
 * but no later than this margin before the deadline, and at least LEAVE_MIN_MS.
 */
export const LEAVE_MAX_MS = 1000;
export const LEAVE_MARGIN_MS = 50;
export const LEAVE_MIN_MS = 100;

/** How long the programs' last output may still be read from their pipes. */
export function drainMs(deadline: number, now: number): number {
  return deadline > 0 ? Math.max(MIN_DRAIN_MS, deadline - DRAIN_MARGIN_MS - now) : UNBUDGETED_DRAIN_MS;
}

/** How long graced waits for the clients it told "shutdown complete" to leave. */
export function leaveMs(deadline: number, now: number): number {
  const left = deadline > 0 ? deadline - LEAVE_MARGIN_MS - now : LEAVE_MAX_MS;
  return Math.min(LEAVE_MAX_MS, Math.max(LEAVE_MIN_MS, left));
}
