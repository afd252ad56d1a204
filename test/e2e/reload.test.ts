import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { isGone, startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { fixture } from "../helpers/paths.js";
import { waitUntil } from "../helpers/wait.js";

const program = (name: string, extra = "") => `[program:${name}]\ncommand = sleep 1000\nstartsecs = 0\n${extra}\n`;

describe("live config changes", () => {
  let d: TestDaemon;
  let header: string;
  const pids = async () => Object.fromEntries((await d.status()).map((p) => [p.name, p.pid]));
  const rewrite = (programs: string) => writeFileSync(d.configPath, `${header}\n${programs}`);

  before(async () => {
    d = await startDaemon(`${program("web")}${program("db")}${program("old")}${program("idle", "autostart = false")}`);
    header = readFileSync(d.configPath, "utf8").split("[program:")[0] as string;
    for (const n of ["web", "db", "old"]) await d.waitForState(n, "RUNNING");
  });
  after(async () => {
    await d.stop();
  });

  it("reread reports changed, available and disappeared groups and changes nothing", async () => {
    const before = await pids();
    rewrite(`${program("web")}${program("db", "environment = X=1")}${program("new")}${program("idle", "autostart = false")}`);
    const r = await d.ctl("reread");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "db: changed\nnew: available\nold: disappeared\n");
    assert.deepEqual(await pids(), before);
  });

  it("avail lists the config read last, in use or not", async () => {
    const r = await d.ctl("avail");
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^web {30}in use {4}auto {6}999:999$/m);
    assert.match(r.stdout, /^new {30}avail {5}auto {6}999:999$/m);
    assert.match(r.stdout, /^idle +in use +manual +999:999$/m);
  });

  it("update restarts only the changed program, removes the gone one and starts the new one", async () => {
    const before = await pids();
    const r = await d.ctl("update");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "old: stopped\nold: removed process group\ndb: stopped\ndb: updated process group\nnew: added process group\n");
    const db = await d.waitForState("db", "RUNNING");
    await d.waitForState("new", "RUNNING");
    const after = await pids();
    assert.equal(after.web, before.web, "unchanged web keeps its pid");
    assert.equal(after.idle, 0);
    assert.notEqual(db.pid, before.db);
    assert.equal(after.old, undefined);
    const again = await d.ctl("update");
    assert.equal(again.stdout, "No config updates to processes\n");
  });

  it("update of named groups leaves the others pending; an unknown group is an error", async () => {
    const before = await pids();
    rewrite(
      `${program("web", "stopwaitsecs = 3")}${program("db", "environment = X=2")}${program("new")}${program("idle", "autostart = false")}`,
    );
    const r = await d.ctl("update", "web", "nosuch");
    assert.equal(r.code, 2);
    assert.equal(r.stdout, "ERROR: no such group: nosuch\nweb: stopped\nweb: updated process group\n");
    const web = await d.waitForState("web", "RUNNING");
    assert.notEqual(web.pid, before.web);
    assert.equal((await pids()).db, before.db, "db was not named, so it keeps running as it was");
  });

  it("remove refuses a running group, and works once it is stopped; add brings it back", async () => {
    const refused = await d.ctl("remove", "new");
    assert.equal(refused.code, 1);
    assert.equal(refused.stdout, "ERROR: process/group still running: new\n");
    assert.equal((await d.ctl("stop", "new")).code, 0);
    const removed = await d.ctl("remove", "new");
    assert.equal(removed.stdout, "new: removed process group\n");
    assert.equal((await pids()).new, undefined);
    const added = await d.ctl("add", "new", "ghost");
    assert.equal(added.code, 1);
    assert.equal(added.stdout, "new: added process group\nERROR: no such process/group: ghost\n");
    await d.waitForState("new", "RUNNING");
    assert.equal((await d.ctl("add", "new")).stdout, "ERROR: process group already active\n");
  });

  it("a config that no longer loads is refused with its error, and nothing changes", async () => {
    const before = await pids();
    rewrite(`${program("web", "startsecs = soon")}`);
    const r = await d.ctl("reread");
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^ERROR: .*startsecs.*"soon"/m);
    assert.equal((await d.ctl("update")).code, 1);
    assert.deepEqual(await pids(), before);
  });

  it("SIGHUP rereads and applies only what changed", async () => {
    rewrite(`${program("web", "stopwaitsecs = 3")}${program("db", "environment = X=2")}${program("new", "environment = Y=1")}`);
    const before = await pids();
    d.child.kill("SIGHUP");
    const now = await waitUntil("idle removed, new and db restarted", async () => {
      const now = await pids();
      return now.idle === undefined && now.new && now.new !== before.new && now.db && now.db !== before.db ? now : undefined;
    });
    assert.equal(now.web, before.web, "web is unchanged, so it keeps its pid");
    // the line is written once the whole update is done, which can be after the new pids show
    await waitUntil("graced logs the reload", () => /reload: new: updated process group/.test(d.log));
  });
});

describe("update racing a start", () => {
  let d: TestDaemon;
  let started = 0;
  after(async () => {
    await d?.stop();
    if (started > 0 && !isGone(started)) process.kill(started, "SIGKILL");
  });

  it("a process started while its old config is being stopped is stopped before it is dropped", async () => {
    const hold = `[program:hold]\ncommand = sh ${fixture("ignores-term.sh")} %(here)s/hold.log\nstartsecs = 0\nstopwaitsecs = 2\n`;
    d = await startDaemon(`${hold}${program("other")}`);
    await d.waitForState("hold", "RUNNING");
    // RUNNING comes at the spawn (startsecs=0); START is written once its TERM trap is set
    const holdLog = `${d.dir}/hold.log`;
    await waitUntil("hold to ignore SIGTERM", () =>
      existsSync(holdLog) && readFileSync(holdLog, "utf8").includes("START") ? true : undefined,
    );
    await d.waitForState("other", "RUNNING");
    const header = readFileSync(d.configPath, "utf8").split("[program:")[0] as string;
    writeFileSync(d.configPath, `${header}\n${hold}environment = X=1\n${program("other", "environment = X=1")}`);
    // hold ignores SIGTERM, so the update waits for its SIGKILL while other is already stopped
    const update = d.ctl("update");
    await d.waitForState("other", "STOPPED");
    const start = await d.ctl("start", "other");
    assert.equal(start.code, 0, start.stdout);
    started = (await d.info("other")).pid;
    assert.equal((await update).code, 0);
    const now = await d.waitForState("other", "RUNNING");
    assert.notEqual(now.pid, started);
    assert.equal(isGone(started), true, "the process of the old config must not run on unsupervised");
  });
});

describe("refused requests", () => {
  it("a refused reread or start is an answer to the client, not a stack trace in graced's output", async () => {
    const d = await startDaemon(program("web"));
    await d.waitForState("web", "RUNNING");
    const header = readFileSync(d.configPath, "utf8").split("[program:")[0] as string;
    writeFileSync(d.configPath, `${header}\n${program("web", "startsecs = soon")}`);
    assert.equal((await d.ctl("reread")).code, 1);
    assert.equal((await d.stop()).code, 0);
    assert.doesNotMatch(d.log, /unexpected error|\n\s+at /);
  });
});
