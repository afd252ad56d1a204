import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { isGone, startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { NO_STACK, runGraced, startOn } from "../helpers/graced.js";
import { waitUntil } from "../helpers/wait.js";

// `pair` runs its sleep under a shell: the sleep inherits the environment, but only the program's
// own process (the shell) is named
const PROGRAMS = `
[program:one]
command = sleep 1000
startsecs = 0

[program:pair]
command = sh -c 'sleep 1000; :'
numprocs = 2
process_name = %(program_name)s_%(process_num)d
startsecs = 0
`;

/** Start graced, wait for its programs, then SIGKILL it: its programs stay behind. */
async function crashWithPrograms(pidfile: string): Promise<{ d: TestDaemon; left: Map<string, number> }> {
  const d = await startDaemon(`pidfile = ${pidfile}\n${PROGRAMS}`);
  try {
    for (const name of ["one", "pair:pair_0", "pair:pair_1"]) await d.waitForState(name, "RUNNING", 15_000);
  } catch (e) {
    await d.stop(); // it never got to crash: stop it and its programs the ordinary way
    throw e;
  }
  const left = new Map((await d.status()).map((p) => [p.group === p.name ? p.name : `${p.group}:${p.name}`, p.pid]));
  d.child.kill("SIGKILL");
  await d.exited;
  return { d, left };
}

/** End what the crashed graced left, by process group (each program leads its own). */
async function endAll(pids: Iterable<number>): Promise<void> {
  const all = [...pids];
  for (const pid of all) {
    try {
      process.kill(-pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  await waitUntil("the leftovers to end", () => (all.every(isGone) ? true : undefined), 5000);
}

describe("programs left running by a graced killed with SIGKILL", () => {
  it("the next graced on the same config names each one and refuses to run them twice (exit 2)", async () => {
    const pidfile = join(mkdtempSync(join(tmpdir(), "grace-orphans-")), "graced.pid");
    const { d, left } = await crashWithPrograms(pidfile);
    try {
      assert.equal([...left.values()].some(isGone), false, "the programs outlived graced");
      const second = await runGraced(["-c", d.configPath]);
      assert.equal(second.code, 2, second.stderr);
      const [one, p0, p1] = [left.get("one"), left.get("pair:pair_0"), left.get("pair:pair_1")];
      assert.match(
        second.stderr,
        new RegExp(
          `3 program processes started by an earlier graced on ${d.socket} are still running: ` +
            `one \\(pid ${one}\\), pair:pair_0 \\(pid ${p0}\\), pair:pair_1 \\(pid ${p1}\\)\\. ` +
            `The pidfile ${pidfile} names pid ${d.child.pid}, which is not a running graced: it did not exit cleanly\\.`,
        ),
      );
      assert.match(second.stderr, new RegExp(`kill -TERM -- -${one} -${p0} -${p1}, then start graced again`));
      assert.doesNotMatch(second.stderr, NO_STACK);
    } finally {
      await endAll(left.values());
    }
  });

  it("once they are gone, graced starts and says the last one did not exit cleanly", async () => {
    const pidfile = join(mkdtempSync(join(tmpdir(), "grace-orphans-")), "graced.pid");
    const { d, left } = await crashWithPrograms(pidfile);
    await endAll(left.values());
    const again = await startOn(d.dir, d.socket, d.configPath);
    try {
      await again.waitForState("one", "RUNNING", 15_000);
      assert.match(again.log, new RegExp(`The pidfile ${pidfile} names pid ${d.child.pid}, which is not a running graced`));
    } finally {
      await again.stop();
    }
  });
});
