import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { fixture } from "../helpers/paths.js";
import { call } from "../helpers/rpc.js";
import { waitUntil } from "../helpers/wait.js";

/**
 * Issue 14's stop side with real processes: the dependency stop order, `gracectl stop db`
 * pulling in its dependents, the scheduled shutdown that SIGKILLs a stuck dependent at its
 * dependency's latest moment, stop_escalation and shutdown_drain. Orders are proven by what each
 * program saw when it got its signal (term-order.sh: is the other one reaped yet?) and by
 * the order of the stamps, never by how long anything took.
 */

const lines = (file: string) => (existsSync(file) ? readFileSync(file, "utf8").trim().split("\n").filter(Boolean) : []);
/** The words of each line without pid and time: `TERM`, `GONE /…/web.log.pid`. */
const events = (file: string) => lines(file).map((l) => (/^(GONE|ALIVE) /.test(l) ? l : (l.split(" ")[0] as string)));
/** The ms stamp of the first `what` line. */
const stamp = (file: string, what: string) =>
  Number(
    lines(file)
      .find((l) => l.startsWith(`${what} `))
      ?.split(" ")[2] ?? Number.NaN,
  );

const started = (d: TestDaemon, names: string[]) =>
  waitUntil("every program to have set its traps", () => (names.every((n) => events(log(d, n)).includes("START")) ? true : undefined));
const log = (d: TestDaemon, name: string) => join(d.dir, `${name}.log`);

/** web → app → db, each noting on SIGTERM whether the ones above it are reaped; x depends on nothing. */
const chain = (delay = 0.3) =>
  [
    `[program:web]\ncommand = ${fixture("term-order.sh")} %(here)s/web.log ${delay}\nstartsecs = 0\ndepends_on = app`,
    `[program:app]\ncommand = ${fixture("term-order.sh")} %(here)s/app.log ${delay} %(here)s/web.log.pid\nstartsecs = 0\ndepends_on = db`,
    `[program:db]\ncommand = ${fixture("term-order.sh")} %(here)s/db.log ${delay} %(here)s/app.log.pid %(here)s/web.log.pid\nstartsecs = 0`,
    `[program:x]\ncommand = ${fixture("records-term.sh")} %(here)s/x.log ${delay}\nstartsecs = 0`,
  ].join("\n\n");

describe("the dependency stop order", () => {
  it("SIGTERM: each program gets its signal once what depends on it is gone; x at once; the plan is logged", async () => {
    const d = await startDaemon(chain());
    await started(d, ["web", "app", "db", "x"]);
    const { code } = await d.stop();
    assert.equal(code, 0, d.log);
    const pid = (n: string) => join(d.dir, `${n}.log.pid`);
    assert.deepEqual(events(log(d, "web")), ["START", "TERM", "CLEANUP"]);
    assert.deepEqual(events(log(d, "app")), ["START", "TERM", `GONE ${pid("web")}`, "CLEANUP"]);
    assert.deepEqual(events(log(d, "db")), ["START", "TERM", `GONE ${pid("app")}`, `GONE ${pid("web")}`, "CLEANUP"]);
    // x depends on nothing: its signal went out with web's, before web was done
    assert.ok(stamp(log(d, "x"), "TERM") <= stamp(log(d, "web"), "CLEANUP"), d.log);
    for (const name of ["web", "app", "db"])
      assert.match(d.log, new RegExp(`shutdown plan: ${name}: signal at \\d+\\.\\d s at the latest`));
  });

  it("gracectl stop db stops web and app first and says why; --no-deps stops db alone", async () => {
    const d = await startDaemon(chain(0.1));
    await started(d, ["web", "app", "db", "x"]);
    const stop = await d.ctl("stop", "db");
    assert.equal(stop.code, 0, stop.stderr);
    assert.deepEqual(stop.stdout.trim().split("\n").sort(), [
      "app: stopped (depends on db)",
      "db: stopped",
      "web: stopped (depends on app)",
    ]);
    const pid = (n: string) => join(d.dir, `${n}.log.pid`);
    assert.deepEqual(events(log(d, "db")).slice(0, 4), ["START", "TERM", `GONE ${pid("app")}`, `GONE ${pid("web")}`]);
    assert.equal((await d.info("x")).statename, "RUNNING", "x does not depend on db");

    const start = await d.ctl("start", "db", "app", "web");
    assert.equal(start.code, 0, start.stdout + start.stderr);
    const alone = await d.ctl("stop", "--no-deps", "db");
    assert.equal(alone.code, 0, alone.stderr);
    assert.equal(alone.stdout.trim(), "db: stopped");
    assert.deepEqual([(await d.info("web")).statename, (await d.info("app")).statename], ["RUNNING", "RUNNING"]);
    await d.stop();
  });

  it("gracectl restart db restarts its dependents too, stopped first", async () => {
    const d = await startDaemon(chain(0.1));
    await started(d, ["web", "app", "db"]);
    const pids = async () => Promise.all(["web", "app", "db"].map(async (n) => (await d.info(n)).pid));
    const before = await pids();
    const r = await d.ctl("restart", "db");
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^web: stopped \(depends on app\)$/m);
    assert.match(r.stdout, /^app: started \(depends on db\)$/m);
    assert.match(r.stdout, /^db: started$/m);
    const pid = (n: string) => join(d.dir, `${n}.log.pid`);
    assert.deepEqual(events(log(d, "db")).slice(0, 4), ["START", "TERM", `GONE ${pid("app")}`, `GONE ${pid("web")}`]);
    const after = await pids();
    assert.ok(
      after.every((p, i) => p > 0 && p !== before[i]),
      `each got a new pid: ${before} → ${after}`,
    );
    await d.stop();
  });
});

describe("the scheduled shutdown", () => {
  it("SIGKILLs a stuck dependent at its dependency's latest moment: the dependency still gets its share", async () => {
    // 4 s budget: 3.3 s to stop. web ignores SIGTERM (its grace, clamped to 3.3 s, would take it
    // all); db needs 0.5 s of its 2 s. The chain is scaled to fit: web is SIGKILLed when db must
    // get its signal, and db still stops by itself. Without the schedule db got its SIGTERM only
    // when web's clamped grace ended, with no time left, and was SIGKILLed too.
    const d = await startDaemon(
      [
        `[program:web]\ncommand = ${fixture("records-signals.sh")} %(here)s/web.log\nstartsecs = 0\nstopwaitsecs = 30\ndepends_on = db`,
        `[program:db]\ncommand = ${fixture("term-order.sh")} %(here)s/db.log 0.5 %(here)s/web.log.pid\nstartsecs = 0\nstopwaitsecs = 2`,
      ].join("\n\n"),
      { supervisord: "shutdown_timeout = 4" },
    );
    await started(d, ["web", "db"]);
    const { code } = await d.stop();
    assert.equal(code, 1, "web needed SIGKILL");
    assert.deepEqual(events(log(d, "web")), ["START", "TERM"], "web saw SIGTERM, then nothing it could catch");
    assert.deepEqual(events(log(d, "db")), ["START", "TERM", `GONE ${join(d.dir, "web.log.pid")}`, "CLEANUP"], d.log);
    assert.match(d.log, /shutdown: web killed with SIGKILL/);
    assert.match(d.log, /shutdown: db exited with code 0 after/);
    assert.match(d.log, /shutdown plan: web: signal at 0\.\d s at the latest, SIGKILL by \d\.\d s, its 3\.3 s grace period cut to/);
  });

  it("the same for priority levels: a stuck level is SIGKILLed when the next must get its signal", async () => {
    // no depends_on: web (priority 900) stops before db (priority 10), as always; before the
    // schedule web's clamped grace took the whole budget and db was SIGKILLed without a chance
    const d = await startDaemon(
      [
        `[program:web]\ncommand = ${fixture("records-signals.sh")} %(here)s/web.log\nstartsecs = 0\nstopwaitsecs = 30\npriority = 900`,
        `[program:db]\ncommand = ${fixture("term-order.sh")} %(here)s/db.log 0.5 %(here)s/web.log.pid\nstartsecs = 0\nstopwaitsecs = 2\npriority = 10`,
      ].join("\n\n"),
      { supervisord: "shutdown_timeout = 4" },
    );
    await started(d, ["web", "db"]);
    const { code } = await d.stop();
    assert.equal(code, 1, "web needed SIGKILL");
    assert.deepEqual(events(log(d, "web")), ["START", "TERM"]);
    assert.deepEqual(events(log(d, "db")), ["START", "TERM", `GONE ${join(d.dir, "web.log.pid")}`, "CLEANUP"], d.log);
    assert.match(d.log, /shutdown: db exited with code 0 after/);
  });

  it("stop_escalation: TERM, then each further signal in order, then SIGKILL", async () => {
    const d = await startDaemon(
      `[program:pg]\ncommand = ${fixture("records-signals.sh")} %(here)s/pg.log\nstartsecs = 0\nstopwaitsecs = 2\nstop_escalation = INT@30%, QUIT@60%, HUP@80%`,
    );
    await started(d, ["pg"]);
    const stop = await d.ctl("stop", "pg");
    assert.equal(stop.code, 0, stop.stderr);
    assert.deepEqual(events(log(d, "pg")), ["START", "TERM", "INT", "QUIT", "HUP"]);
    const info = await d.info("pg");
    assert.equal(info.exitsignal, "SIGKILL");
    await d.stop();
  });

  it("stop_escalation: a program that stops at the first further signal gets no more", async () => {
    const d = await startDaemon(
      `[program:pg]\ncommand = sh -c 'trap "echo TERM >> %(here)s/pg.log" TERM; trap "echo INT >> %(here)s/pg.log; exit 0" INT; echo START > %(here)s/pg.log; while :; do sleep 1 & wait $!; done'\nstartsecs = 0\nstopwaitsecs = 2\nstop_escalation = INT@25%, QUIT@50%\nstopasgroup = false`,
    );
    await started(d, ["pg"]);
    const stop = await d.ctl("stop", "pg");
    assert.equal(stop.code, 0, stop.stderr);
    assert.deepEqual(events(log(d, "pg")), ["START", "TERM", "INT"]);
    const info = await d.info("pg");
    assert.equal(info.exitstatus, 0, "ended by itself at SIGINT, not SIGKILLed");
    await d.stop();
  });
});

describe("shutdown_drain", () => {
  it("reports draining (not ready) before any program gets its signal, then stopping, then stops everything", async () => {
    const d = await startDaemon(chain(0.1), { supervisord: "shutdown_drain = 1.5" });
    await started(d, ["web", "app", "db", "x"]);
    assert.equal((await call(d.socket, "status", {})).daemon, "running");
    d.child.kill("SIGTERM");
    const drainingSeen = await waitUntil("status to say draining", async () => {
      const s = await call(d.socket, "status", {});
      return s.daemon === "draining" ? Date.now() : undefined;
    });
    const states = await waitUntil("status to say stopping", async () => {
      try {
        const s = await call(d.socket, "status", {});
        return s.daemon === "stopping" ? s.daemon : undefined;
      } catch {
        return "gone"; // graced finished before a poll caught it stopping
      }
    });
    const { code } = await d.exited; // a second SIGTERM would mean "now"
    assert.equal(code, 0, d.log);
    // every program got its signal after status had said draining
    for (const name of ["web", "app", "db", "x"]) {
      const term = stamp(log(d, name), "TERM");
      assert.ok(term >= drainingSeen, `${name}: TERM at ${term}, draining seen at ${drainingSeen}`);
    }
    assert.ok(states === "stopping" || states === "gone");
    assert.match(d.log, /received SIGTERM: draining for 1\.5s \(reported not ready\)/);
  });
});
