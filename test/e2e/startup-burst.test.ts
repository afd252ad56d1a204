import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ProcessInfo } from "@grace/protocol";
import { startDaemon } from "../helpers/daemon.js";
import { makePidsCgroup, skipUnlessPidsCgroup } from "../helpers/pids-cgroup.js";
import { call } from "../helpers/rpc.js";
import { waitUntil } from "../helpers/wait.js";

/** Issue 10 item 7: a thousand programs starting at once must not freeze graced. */
const N = 1000;
const BURST = `
[program:burst]
command = sleep 1000
numprocs = ${N}
process_name = %(program_name)s_%(process_num)04d
`;

const spawnedIn = (procs: ProcessInfo[]) => procs.filter((p) => p.pid > 0).length;
const waitingIn = (procs: ProcessInfo[]) => procs.filter((p) => p.statename === "STARTING" && p.pid === 0).length;
const spawnLines = (log: string) => (log.match(/ spawned: 'burst:burst_\d+' with pid \d+/g) ?? []).length;

describe("a startup burst of 1,000 programs", () => {
  it("answers status while programs are still waiting for their turn to spawn", async () => {
    const d = await startDaemon(BURST);
    try {
      // the first answer that shows a spawned program was made during the burst, not after it
      const procs = await waitUntil(
        "a status answer with a spawned program",
        async () => {
          const { processes } = await call(d.socket, "status", {});
          return spawnedIn(processes) > 0 ? processes : undefined;
        },
        60_000,
        5,
      );
      assert.ok(
        waitingIn(procs) > 0,
        `status answered only once all ${N} were spawned (${spawnedIn(procs)} spawned, ${waitingIn(procs)} waiting)`,
      );
      assert.equal(spawnedIn(procs) + waitingIn(procs), N, "the others are spawned or waiting for their turn");
    } finally {
      await d.stop(60_000);
    }
  });

  it("SIGTERM during the burst cancels the spawns not made yet, and logs the true duration", async () => {
    const d = await startDaemon(BURST);
    await waitUntil("the first spawn", () => (spawnLines(d.log) > 0 ? true : undefined), 60_000, 2);
    const sent = Date.now();
    d.child.kill("SIGTERM");
    const { code } = await d.exited;
    const measured = (Date.now() - sent) / 1000;
    assert.equal(code, 0, d.log);

    const spawned = spawnLines(d.log);
    assert.ok(spawned < N, `all ${N} programs were spawned before the SIGTERM took effect`);
    assert.equal((d.log.match(/ shutdown: burst:burst_\d+ /g) ?? []).length, spawned, "one shutdown line per spawned program");
    const final = /shutdown complete in ([\d.]+)s: (\d+) program\(s\) stopped, 0 killed, (\d+) never started/.exec(d.log);
    assert.ok(final, d.log.slice(-2000));
    const [, logged, stopped, neverStarted] = final.map(Number) as [number, number, number, number];
    assert.equal(stopped, spawned);
    assert.equal(stopped + neverStarted, N, "every program is either stopped or never started");
    // graced counts from the moment the signal reached it until its final line: that line's own
    // timestamp minus the time it tells is when graced says the signal came, which must be when
    // the test sent it (not when a busy loop got round to it); ms-precision timestamps and the
    // 10 ms rounding of the duration, plus the loop's turn, are the tolerance
    const stampMs = Date.parse(/^(\S+ \S+) INFO shutdown complete in/m.exec(d.log)?.[1]?.replace(" ", "T").replace(",", ".") ?? "");
    const claimedArrival = stampMs - logged * 1000;
    assert.ok(claimedArrival >= sent - 20, `graced says the signal came ${sent - claimedArrival} ms before it was sent`);
    assert.ok(claimedArrival - sent < 1000, `graced counted from ${claimedArrival - sent} ms after the signal was sent`);
    // and the exit follows that line closely (closing the socket and the log files)
    assert.ok(logged <= measured + 0.05, `logged ${logged}s, but the exit came ${measured}s after the signal`);
    assert.ok(measured - logged < 3, `logged ${logged}s, but the exit came ${measured}s after the signal`);
  });
});

describe("more programs than the pids cgroup allows", () => {
  it("runs what fits; the system's EAGAIN holds spawning back instead of a fork loop; SIGTERM still ends it", {
    skip: skipUnlessPidsCgroup(),
  }, async () => {
    // graced has about 11 threads; 4 to spare, and room for 8 programs of the 30
    const cgroup = makePidsCgroup(11 + 4 + 8);
    const d = await startDaemon(
      "[program:w]\ncommand = sleep 1000\nnumprocs = 30\nprocess_name = w_%(process_num)02d\nstartsecs = 0\nstartretries = 1\n",
      { prefix: cgroup.prefix },
    );
    try {
      const procs = await waitUntil(
        "every program RUNNING or FATAL",
        async () => {
          const all = await d.status();
          return all.every((p) => p.statename === "RUNNING" || p.statename === "FATAL") ? all : undefined;
        },
        30_000,
      );
      const running = procs.filter((p) => p.statename === "RUNNING").length;
      const fatal = procs.filter((p) => p.statename === "FATAL");
      assert.ok(running > 0 && fatal.length > 0, `${running} RUNNING, ${fatal.length} FATAL`);
      assert.ok(
        fatal.every((p) => /EAGAIN: the system refused a new process/.test(p.spawnerr)),
        fatal.map((p) => p.spawnerr).join("\n"),
      );
      // every failed start is one log line: a real fork that EAGAIN refused, or one held back
      const forked = (d.log.match(/(spawnerr:|FATAL state,) couldn't spawn '[^']*sleep': EAGAIN/g) ?? []).length;
      const held = (d.log.match(/(spawnerr:|FATAL state,) not spawned: EAGAIN/g) ?? []).length;
      assert.ok(forked > 0 && held > forked, `${forked} forks refused, ${held} held back: spawning must pause after a refusal`);
      const { code } = await d.stop();
      assert.equal(code, 0, d.log);
      assert.match(d.log, new RegExp(`shutdown complete in [\\d.]+s: ${running} program\\(s\\) stopped, 0 killed`));
    } finally {
      await d.stop();
      await cgroup.remove();
    }
  });
});
