import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runCtl, startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { fixture } from "../helpers/paths.js";

describe("gracectl against a running graced", () => {
  let d: TestDaemon;
  before(async () => {
    d = await startDaemon(`
[program:alpha]
command = sleep 1000
startsecs = 0

[program:beta]
command = ${fixture("records-term.sh")} /dev/null 0
startsecs = 0

[program:idle]
command = sleep 1000
autostart = false

[program:broken]
command = /nonexistent/grace-missing-binary
autostart = false
startretries = 0
`);
    await d.waitForState("alpha", "RUNNING");
    await d.waitForState("beta", "RUNNING");
  });
  after(async () => {
    await d.stop();
  });

  it("status prints supervisorctl's columns and exits 3 when something is stopped", async () => {
    const r = await d.ctl("status");
    assert.equal(r.code, 3, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines.length, 4);
    assert.match(lines[0] as string, /^alpha {28}RUNNING {3}pid \d+, uptime \d+:\d\d:\d\d$/);
    assert.match(r.stdout, /^idle +STOPPED +Not started$/m);
  });

  it("status of running names exits 0", async () => {
    const r = await d.ctl("status", "alpha", "beta");
    assert.equal(r.code, 0);
    assert.equal(r.stdout.trimEnd().split("\n").length, 2);
  });

  it("status of an unknown name prints an error and exits 4", async () => {
    const r = await d.ctl("status", "alpha", "nope");
    assert.equal(r.code, 4);
    assert.match(r.stdout, /^nope: ERROR \(no such process\)$/m);
    assert.match(r.stdout, /^alpha +RUNNING/m);
  });

  it("status --json gives the process info", async () => {
    const r = await d.ctl("--json", "status", "alpha");
    const parsed = JSON.parse(r.stdout);
    assert.equal(parsed.processes[0].statename, "RUNNING");
    assert.equal(parsed.processes[0].state, 20);
    assert.ok(parsed.processes[0].pid > 0);
  });

  it("start and stop a program, with supervisorctl's result lines", async () => {
    let r = await d.ctl("start", "idle");
    assert.deepEqual([r.code, r.stdout], [0, "idle: started\n"]);
    r = await d.ctl("start", "idle");
    assert.deepEqual([r.code, r.stdout], [0, "idle: ERROR (already started)\n"]);
    r = await d.ctl("stop", "idle");
    assert.deepEqual([r.code, r.stdout], [0, "idle: stopped\n"]);
    r = await d.ctl("stop", "idle");
    assert.deepEqual([r.code, r.stdout], [0, "idle: ERROR (not running)\n"]);
  });

  it("restart gives a new pid", async () => {
    const before = (await d.info("alpha")).pid;
    const r = await d.ctl("restart", "alpha");
    assert.equal(r.code, 0);
    assert.equal(r.stdout, "alpha: stopped\nalpha: started\n");
    const now = await d.info("alpha");
    assert.equal(now.statename, "RUNNING");
    assert.notEqual(now.pid, before);
  });

  it("an unknown name exits 1, an unknown group exits 2, and the other names still act", async () => {
    let r = await d.ctl("start", "nope", "idle");
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "nope: ERROR (no such process)\nidle: started\n");
    r = await d.ctl("stop", "nogroup:*");
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "nogroup: ERROR (no such group)\n");
    await d.ctl("stop", "idle");
  });

  it("a spawn error exits 7 and status shows supervisord's words", async () => {
    const r = await d.ctl("start", "broken");
    assert.equal(r.code, 7);
    assert.equal(r.stdout, "broken: ERROR (spawn error)\n");
    const info = await d.waitForState("broken", "FATAL");
    assert.equal(info.description, "can't find command '/nonexistent/grace-missing-binary'");
  });

  it("usage errors exit 2 and unknown commands exit 1", async () => {
    assert.equal((await d.ctl("stop")).code, 2);
    assert.equal((await d.ctl("frobnicate")).code, 1);
  });

  it("stop all prints one line per program it stopped (none for those not running) and leaves nothing running", async () => {
    const r = await d.ctl("stop", "all");
    assert.equal(r.code, 0);
    const lines = r.stdout.trimEnd().split("\n").sort();
    assert.deepEqual(lines, ["alpha: stopped", "beta: stopped"]);
    for (const p of await d.status()) assert.ok(["STOPPED", "FATAL"].includes(p.statename), `${p.name} is ${p.statename}`);
  });
});

describe("gracectl without graced", () => {
  it("says which socket and why, exit 7 (status: 4)", async () => {
    const sock = "/tmp/grace-no-such-dir/grace.sock";
    let r = await runCtl(["-s", `unix://${sock}`, "stop", "all"]);
    assert.equal(r.code, 7);
    assert.match(r.stderr, new RegExp(`cannot reach graced at ${sock}: no such file`));
    r = await runCtl(["-s", `unix://${sock}`, "status"]);
    assert.equal(r.code, 4);
    assert.doesNotMatch(r.stderr, /at .*\.js:\d+/); // no stack trace
  });

  it("finds the socket through -c FILE", async () => {
    const d = await startDaemon("[program:one]\ncommand = sleep 1000\nstartsecs = 0\n");
    try {
      await d.waitForState("one", "RUNNING");
      const r = await runCtl(["-c", d.configPath, "status"]);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^one +RUNNING/);
    } finally {
      await d.stop();
    }
  });
});
