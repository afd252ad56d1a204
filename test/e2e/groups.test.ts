import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { fixture } from "../helpers/paths.js";

describe("numprocs and [group:x] through the real binaries", () => {
  let d: TestDaemon;
  before(async () => {
    d = await startDaemon(`
[program:worker]
command = sleep 1000
process_name = %(program_name)s_%(process_num)02d
numprocs = 3
numprocs_start = 1
startsecs = 0

[program:api]
command = sleep 1000
startsecs = 0

[program:db]
command = sleep 1000
startsecs = 0
priority = 10

[group:backend]
programs = api,db
`);
    for (const n of ["worker:worker_01", "worker:worker_02", "worker:worker_03", "backend:api", "backend:db"])
      await d.waitForState(n, "RUNNING");
  });
  after(async () => {
    await d.stop();
  });

  it("status names every process as group:name", async () => {
    const r = await d.ctl("status");
    assert.equal(r.code, 0, r.stderr);
    const names = r.stdout
      .trimEnd()
      .split("\n")
      .map((l) => l.split(/\s+/)[0])
      .sort();
    assert.deepEqual(names, ["backend:api", "backend:db", "worker:worker_01", "worker:worker_02", "worker:worker_03"]);
  });

  it("stop group:* stops exactly that group's processes", async () => {
    const r = await d.ctl("stop", "worker:*");
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trimEnd().split("\n").sort(), [
      "worker:worker_01: stopped",
      "worker:worker_02: stopped",
      "worker:worker_03: stopped",
    ]);
    assert.equal((await d.info("backend:api")).statename, "RUNNING");
  });

  it("a bare program name of a numprocs program addresses all its processes", async () => {
    const r = await d.ctl("start", "worker");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trimEnd().split("\n").length, 3);
    for (const n of ["worker:worker_01", "worker:worker_02", "worker:worker_03"]) assert.equal((await d.info(n)).statename, "RUNNING");
  });

  it("a group member is addressed as group:name and by its bare name", async () => {
    let r = await d.ctl("stop", "backend:db");
    assert.deepEqual([r.code, r.stdout], [0, "backend:db: stopped\n"]);
    r = await d.ctl("start", "db");
    assert.deepEqual([r.code, r.stdout], [0, "backend:db: started\n"]);
  });

  it("each numprocs process gets its own pid and SUPERVISOR_PROCESS_NAME", async () => {
    const pids = new Set<number>();
    for (const n of ["worker_01", "worker_02", "worker_03"]) {
      const { pid } = await d.info(`worker:${n}`);
      pids.add(pid);
      const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      assert.ok(env.includes(`SUPERVISOR_PROCESS_NAME=${n}`), `${n} sees its own name`);
      assert.ok(env.includes("SUPERVISOR_GROUP_NAME=worker"));
      assert.ok(env.includes(`GRACE_PROCESS_NAME=${n}`));
    }
    assert.equal(pids.size, 3);
  });

  // supervisorctl 4.2.5, checked: a group (or all) acts on the members that need it, quietly skips the rest
  it("a group or all says nothing about members already started or not running; a name on its own still does", async () => {
    const lines = (out: string) => out.trimEnd().split("\n").filter(Boolean).sort();
    let r = await d.ctl("stop", "backend:db");
    assert.deepEqual([r.code, r.stdout], [0, "backend:db: stopped\n"]);
    r = await d.ctl("start", "backend:*");
    assert.deepEqual([r.code, r.stdout], [0, "backend:db: started\n"], "no 'backend:api: ERROR (already started)'");
    r = await d.ctl("start", "backend:*");
    assert.deepEqual([r.code, r.stdout], [0, ""]);
    r = await d.ctl("stop", "worker:*");
    assert.equal(r.code, 0);
    assert.deepEqual(lines(r.stdout), ["worker:worker_01: stopped", "worker:worker_02: stopped", "worker:worker_03: stopped"]);
    r = await d.ctl("stop", "worker:*");
    assert.deepEqual([r.code, r.stdout], [0, ""], "nothing in it runs: no line, exit 0");
    r = await d.ctl("stop", "worker");
    assert.deepEqual([r.code, r.stdout], [0, ""], "the bare name of a numprocs program is the group");
    r = await d.ctl("stop", "worker:*", "worker:worker_02");
    assert.deepEqual([r.code, r.stdout], [0, "worker:worker_02: ERROR (not running)\n"]);
    r = await d.ctl("restart", "worker:*");
    assert.equal(r.code, 0);
    assert.deepEqual(lines(r.stdout), ["worker:worker_01: started", "worker:worker_02: started", "worker:worker_03: started"]);
    r = await d.ctl("start", "all");
    assert.deepEqual([r.code, r.stdout], [0, ""]);
  });

  it("an unknown group is named without its :*, as supervisorctl does, exit 2", async () => {
    for (const verb of ["start", "stop", "restart"]) {
      const r = await d.ctl(verb, "nosuch:*");
      assert.deepEqual([r.code, r.stdout], [2, "nosuch: ERROR (no such group)\n"], verb);
    }
  });
});

describe("restart of a group whose members have different priorities", () => {
  it("stops them by levels (highest priority number first) and starts them in priority order", async () => {
    const dir = mkdtempSync(join(tmpdir(), "grace-restart-order-"));
    const log = (n: string) => join(dir, `${n}.log`);
    // nginx-like front (priority 900) before php-fpm-like back (priority 100): back records at its
    // SIGTERM whether front was already gone
    const d = await startDaemon(`
[group:web]
programs = front,back

[program:front]
command = ${fixture("term-order.sh")} ${log("front")} 0.3
priority = 900
startsecs = 0

[program:back]
command = ${fixture("term-order.sh")} ${log("back")} 0.3 ${log("front")}.pid
priority = 100
startsecs = 0
`);
    try {
      for (const n of ["web:front", "web:back"]) await d.waitForState(n, "RUNNING");
      const r = await d.ctl("restart", "web:*");
      assert.equal(r.code, 0, r.stdout + r.stderr);
      assert.deepEqual(r.stdout.trim().split("\n").sort(), [
        "web:back: started",
        "web:back: stopped",
        "web:front: started",
        "web:front: stopped",
      ]);
      const back = readFileSync(log("back"), "utf8");
      assert.match(
        back,
        new RegExp(`^TERM .*\\nGONE ${log("front")}\\.pid\\n`, "m"),
        `back got SIGTERM while front was still there:\n${back}`,
      );
      // spawn order after the restart: the lower priority number first, as `start` does
      const spawns = [...d.log.matchAll(/spawned: 'web:(\w+)'/g)].map((m) => m[1]);
      assert.deepEqual(spawns.slice(2), ["back", "front"], d.log);
    } finally {
      await d.stop();
    }
  });
});
