import type { ChildHandle } from "../process/spawner.js";

/**
 * Where a program's output goes. This first slice reads and discards it, so a chatty program
 * never blocks on a full pipe; capture to files is the logs issue's work.
 */
export function discardOutput(child: ChildHandle): void {
  child.stdout?.resume();
  child.stderr?.resume();
}
