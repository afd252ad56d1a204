import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCtl, startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { fixture } from "../helpers/paths.js";
import { waitUntil } from "../helpers/wait.js";

/** Issue 14, the start side: dependencies, readiness, health and wait --for ready with real processes. */

const READY_AFTER = `${process.execPath} ${fixture("ready-after.mjs")}`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

/** Where `line` first appears in graced's log; fails naming it when it never does. */
function at(d: TestDaemon, line: string): number {
  const i = d.log.indexOf(line);
  assert.notEqual(i, -1, `graced's log has no "${line}":\n${d.log}`);
  return i;
}

describe("start order by dependencies and readiness", () => {
  let d: TestDaemon;
  before(async () => {
    const [dbPort, apiPort] = [await freePort(), await freePort()];
    const made = join(mkdtempSync(join(tmpdir(), "grace-deps-")), "made");
    d = await startDaemon(`
[program:db]
command = ${READY_AFTER} tcp 300 ${dbPort}
startsecs = 0
ready_check = tcp:127.0.0.1:${dbPort}
ready_interval = 0.1

[program:early]
command = sleep 1000
startsecs = 0
depends_on = db:started

[program:api]
command = ${READY_AFTER} http 300 ${apiPort}
startsecs = 0
depends_on = db:ready
ready_check = http://127.0.0.1:${apiPort}/health
ready_interval = 0.1

[program:app]
command = ${READY_AFTER} log 300
startsecs = 0
depends_on = api:ready
ready_check = log:^ready to serve$

[program:files]
command = ${READY_AFTER} file 300 ${made}
startsecs = 0
depends_on = app:ready
ready_check = file:${made}
ready_interval = 0.1

[program:execd]
command = sleep 1000
startsecs = 0
depends_on = files:started
ready_check = exec:test -f ${made}
ready_interval = 0.1

[program:migrate]
command = sh -c "sleep 0.3; exit 0"
startsecs = 1
depends_on = db

[program:web]
command = sleep 1000
startsecs = 0
depends_on = migrate:done, execd:ready
`);
  });
  after(() => d.stop());

  it("starts each program once its dependencies meet their conditions", async () => {
    await d.waitForState("web", "RUNNING", 20_000).catch(async (e) => {
      const states = (await d.status()).map((p) => `${p.name} ${p.statename} ${p.description}`).join("\n");
      throw new Error(`${(e as Error).message}\n${states}\n${d.log}`);
    });
    // each dependent is spawned after what it waits for got there: the log's order proves it
    assert.ok(at(d, "spawned: 'db'") < at(d, "spawned: 'early'"), "started: early goes once db is spawned");
    assert.ok(at(d, "ready: db passed its ready_check") < at(d, "spawned: 'api'"), "tcp");
    assert.ok(at(d, "ready: api passed its ready_check") < at(d, "spawned: 'app'"), "http");
    assert.ok(at(d, "ready: app passed its ready_check") < at(d, "spawned: 'files'"), "log");
    assert.ok(at(d, "spawned: 'files'") < at(d, "spawned: 'execd'"), "started");
    // files and execd both watch the same file: either may see it first
    await waitUntil("files ready (file:)", async () => ((await d.info("files")).ready ? true : undefined));
    assert.ok(at(d, "ready: execd passed its ready_check") < at(d, "spawned: 'web'"), "exec");
    assert.ok(at(d, "exited: migrate (exit status 0; expected)") < at(d, "spawned: 'web'"), "done");
  });

  it("a one-shot task that exits 0 before startsecs is EXITED (done), not BACKOFF", async () => {
    const migrate = await d.info("migrate");
    assert.equal(migrate.statename, "EXITED");
    assert.equal(migrate.exitstatus, 0);
    assert.doesNotMatch(d.log, /exited: migrate \(exit status 0; not expected\)|migrate.*BACKOFF/);
  });

  it("status, --json and the RPC show readiness", async () => {
    const db = await d.info("db");
    assert.deepEqual([db.ready, db.readiness], [true, "ready"]);
    assert.match(db.description, /^ready, pid \d+, uptime /);
    assert.equal((await d.info("web")).ready, null, "no ready_check: null");
    const text = await d.ctl("status", "db");
    assert.match(text.stdout, /^db\s+RUNNING\s+ready, pid \d+/);
    const json = JSON.parse((await d.ctl("--json", "status", "db")).stdout);
    assert.deepEqual([json.processes[0].ready, json.processes[0].readiness], [true, "ready"]);
  });
});

describe("failures on the way", () => {
  let d: TestDaemon;
  let ready: string;
  before(async () => {
    ready = join(mkdtempSync(join(tmpdir(), "grace-deps-")), "ready");
    d = await startDaemon(`
[program:bad]
command = sh -c "exit 3"
startretries = 0

[program:victim]
command = sleep 1000
depends_on = bad

[program:further]
command = sleep 1000
depends_on = victim

[program:up]
command = sleep 1000
startsecs = 0

[program:slow]
command = sleep 1000
startsecs = 0
ready_check = file:${ready}
ready_interval = 0.1

[program:never]
command = sleep 1000
startsecs = 0
ready_check = file:/nonexistent/grace-never-ready
ready_interval = 0.1
ready_startsecs = 0.5
startretries = 0
autostart = false

[program:db]
command = sleep 1000
startsecs = 0
autostart = false

[program:web]
command = sleep 1000
startsecs = 0
autostart = false
depends_on = db

[program:hang]
command = ${fixture("ignores-term.sh")} -
startsecs = 0
stopwaitsecs = 30
autostart = false
`);
  });
  after(() => d.stop());

  it("a FATAL dependency leaves its dependents STOPPED with the reason", async () => {
    const victim = await waitUntil("victim's reason", async () => {
      const info = await d.info("victim");
      return info.waiting === "waiting for bad: FATAL" ? info : undefined;
    });
    assert.equal(victim.statename, "STOPPED");
    assert.equal(victim.description, "waiting for bad: FATAL");
    assert.equal((await d.info("further")).waiting, "waiting for victim, which waits for bad: FATAL");
    assert.match((await d.ctl("status", "victim")).stdout, /^victim\s+STOPPED\s+waiting for bad: FATAL$/m);
    assert.equal(JSON.parse((await d.ctl("--json", "status", "victim")).stdout).processes[0].waiting, "waiting for bad: FATAL");
    const started = await d.ctl("start", "victim");
    assert.match(started.stdout, /^victim: ERROR \(waiting for bad: FATAL\)$/m);
  });

  it("wait --for ready: fails at its timeout while not ready, answers once the check passes", async () => {
    await d.waitForState("slow", "RUNNING");
    const early = await d.ctl("--timeout", "0.3", "wait", "slow", "--for", "ready");
    assert.equal(early.code, 1);
    assert.match(early.stdout, /slow: ERROR \(timed out waiting for ready, state RUNNING, not ready: .*does not exist\)/);
    const waiting = d.ctl("--timeout", "10", "wait", "slow", "--for", "ready");
    writeFileSync(ready, "");
    const done = await waiting;
    assert.deepEqual([done.code, done.stdout.trim()], [0, "slow: ready"]);
  });

  it("not ready within ready_startsecs is a failed start: FATAL with why", async () => {
    await d.ctl("start", "never");
    const info = await d.waitForState("never", "FATAL", 10_000);
    assert.match(info.spawnerr, /^not ready within 0.5s: \/nonexistent\/grace-never-ready does not exist$/);
  });

  it("start pulls in stopped dependencies and says so; --no-deps does not", async () => {
    const r = await d.ctl("start", "web");
    assert.deepEqual([r.code, r.stdout.trim().split("\n")], [0, ["db: started (dependency of web)", "web: started"]]);
    await d.ctl("stop", "web", "db");
    const alone = await d.ctl("start", "--no-deps", "web");
    assert.deepEqual([alone.code, alone.stdout.trim()], [0, "web: started"]);
    assert.equal((await d.info("db")).statename, "STOPPED");
    await d.ctl("stop", "web");
  });

  it("health: exit codes and the one line", async () => {
    const named = await d.ctl("health", "up", "slow");
    assert.deepEqual([named.code, named.stdout.trim()], [0, "healthy: 2 processes RUNNING"]);
    const all = await d.ctl("health");
    assert.equal(all.code, 1);
    assert.match(
      all.stdout,
      /^unhealthy: bad: FATAL \(Exited too quickly .*\); victim: STOPPED \(waiting for bad: FATAL\); further: STOPPED/,
    );
    const unknown = await d.ctl("health", "nosuch");
    assert.deepEqual([unknown.code, unknown.stdout.trim()], [1, "unhealthy: nosuch: no such process"]);
    const gone = await runCtl(["-s", `unix://${join(d.dir, "nothing.sock")}`, "health"]);
    assert.equal(gone.code, 1, "graced out of reach is unhealthy too, never 2");
  });

  it("health fails while graced shuts down", async () => {
    await d.ctl("start", "hang");
    d.child.kill("SIGTERM");
    const line = await waitUntil("health to say shutting down", async () => {
      const r = await d.ctl("health", "up");
      return r.stdout.includes("shutting down") ? r : undefined;
    });
    assert.deepEqual([line.code, line.stdout.trim()], [1, "unhealthy: graced is shutting down"]);
  });
});
