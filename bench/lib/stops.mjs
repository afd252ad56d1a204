// Programs that take a set time to stop (bench/fixtures/stops-in.sh) and the stamps they leave:
// the shutdown scenarios, in a PID namespace or in a container, run the same ones.
import { existsSync, readFileSync } from "node:fs";
import { sleep } from "./main.mjs";

export const programNames = (n) => Array.from({ length: n }, (_, i) => `p${String(i).padStart(3, "0")}`);

/**
 * `[program:…]` sections both daemons read: each program runs `fixture LOGDIR/NAME.log DELAY`
 * (paths as the daemon sees them), counts as started at once, and may take 30 s to stop.
 */
export const stopProgramSections = (names, { fixture, logDir, delay }) =>
  names.map((p) => `[program:${p}]\ncommand = ${fixture} ${logDir}/${p}.log ${delay}\nstartsecs = 0\nstopwaitsecs = 30\n`).join("\n");

/** The ms time stamps of the "WHAT pid ms" lines in one program's log. */
export function stamps(file, what) {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.startsWith(`${what} `))
    .map((l) => Number(l.split(" ")[2]));
}

export const lastStamp = (logs, what) => Math.max(...logs.map((f) => Math.max(0, ...stamps(f, what))));
export const allStarted = (logs) => logs.every((f) => stamps(f, "START").length > 0);
/** How many of the logs have a WHAT stamp no later than `until` (ms). */
export const countStamped = (logs, what, until = Number.POSITIVE_INFINITY) =>
  logs.filter((f) => stamps(f, what).some((t) => t <= until)).length;

/** Poll `check` every 20 ms until it returns something truthy; fail after `timeoutMs`. */
export async function waitFor(what, check, timeoutMs = 120_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}
