import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { runCtl } from "../helpers/daemon.js";
import { linesOf, startInNamespace } from "../helpers/namespace.js";
import { skipUnless } from "../helpers/needs.js";
import { fixture } from "../helpers/paths.js";
import { call } from "../helpers/rpc.js";
import { waitUntil } from "../helpers/wait.js";

const has = (file: string, line: RegExp) => existsSync(file) && line.test(readFileSync(file, "utf8"));
const waitStarted = (files: string[]) =>
  waitUntil("every program to be up", () => (files.every((f) => has(f, /^START /m)) ? true : undefined), 15_000);

describe("docker stop of graced as PID 1", { skip: skipUnless("pid-namespace") }, () => {
  it("gives 10 programs that each need 1 s their SIGTERM and cleanup, answers status while stopping, exits 0", async () => {
    const names = Array.from({ length: 10 }, (_, i) => `slow${i}`);
    const ns = await startInNamespace(
      names
        .map((n) => `[program:${n}]\ncommand = ${fixture("records-term.sh")} %(here)s/${n}.log 1\nstartsecs = 0\nstopwaitsecs = 5\n`)
        .join("\n"),
    );
    const logs = names.map((n) => ns.path(`${n}.log`));
    await waitStarted(logs);
    assert.match(readFileSync(`/proc/${ns.pid1}/status`, "utf8"), /^NSpid:\s+\d+\s+1$/m, "graced is PID 1 in its namespace");
    assert.equal(readFileSync(ns.pidfile, "utf8").trim(), "1", "the pidfile holds graced's pid");

    const stopping = ns.dockerStop(10_000);
    // the socket stays up during the shutdown and shows the programs STOPPING
    const seen = await waitUntil("status to show STOPPING", async () => {
      const { processes } = await call(ns.socket, "status", {});
      return processes.some((p) => p.statename === "STOPPING") ? processes : undefined;
    });
    assert.equal(seen.length, 10);
    const exit = await stopping;

    assert.deepEqual(exit, { code: 0, signal: null, killedByDocker: false }, ns.log);
    for (const log of logs) {
      assert.ok(has(log, /^TERM /m), `${log} got SIGTERM`);
      assert.ok(has(log, /^CLEANUP /m), `${log} finished its cleanup`);
    }
    assert.equal((ns.log.match(/shutdown: slow\d exited with code 0 after/g) ?? []).length, 10, ns.log);
    assert.equal(existsSync(ns.socket), false, "socket removed");
    assert.equal(existsSync(ns.pidfile), false, "pidfile removed");
  });

  it("SIGKILLs a program that ignores SIGTERM inside the budget, exits 1 before docker's SIGKILL", async () => {
    const ns = await startInNamespace(
      `[program:stubborn]\ncommand = ${fixture("ignores-term.sh")} %(here)s/stubborn.log\nstartsecs = 0\nstopwaitsecs = 30\n\n` +
        `[program:polite]\ncommand = ${fixture("records-term.sh")} %(here)s/polite.log 0.2\nstartsecs = 0\n`,
      { supervisord: "shutdown_timeout = 3" },
    );
    await waitStarted([ns.path("stubborn.log"), ns.path("polite.log")]);
    assert.match(ns.log, /stopwaitsecs = 30 exceeds shutdown_timeout = 3 for stubborn:/);

    // An order, not a figure (the margin before docker's SIGKILL is bench/docker-stop.mjs's): the
    // budget cuts stubborn's 30 s grace period, so graced kills it and exits by itself long
    // before a docker stop -t 20 would SIGKILL graced; without the budget it would still wait.
    const exit = await ns.dockerStop(20_000);

    assert.deepEqual(exit, { code: 1, signal: null, killedByDocker: false }, ns.log);
    assert.ok(has(ns.path("stubborn.log"), /^TERM /m), "it was asked first");
    assert.match(ns.log, /shutdown: stubborn killed with SIGKILL after/);
    assert.match(ns.log, /shutdown: polite exited with code 0/);
    assert.match(ns.log, /exit status 1/);
  });

  it("drains, then stops a dependency chain in order: web, app, db, each once the one above it is reaped", async () => {
    // issue 14 as a container sees it: status says draining before any program gets its signal
    const step = (name: string, above: string[]) =>
      `[program:${name}]\ncommand = ${fixture("term-order.sh")} %(here)s/${name}.log 0.2 ${above.map((a) => `%(here)s/${a}.log.pid`).join(" ")}\nstartsecs = 0\n`;
    const ns = await startInNamespace(
      [`${step("web", [])}depends_on = app`, `${step("app", ["web"])}depends_on = db`, step("db", ["app", "web"])].join("\n"),
      { supervisord: "shutdown_drain = 1" },
    );
    await waitStarted(["web", "app", "db"].map((n) => ns.path(`${n}.log`)));
    const stopping = ns.dockerStop(10_000);
    const drainingSeen = await waitUntil("status to say draining", async () =>
      (await call(ns.socket, "status", {})).daemon === "draining" ? Date.now() : undefined,
    );
    const exit = await stopping;
    assert.deepEqual(exit, { code: 0, signal: null, killedByDocker: false }, ns.log);
    const seen = (n: string) => linesOf(ns.path(`${n}.log`)).map((l) => (/^(GONE|ALIVE) /.test(l) ? l : l.split(" ")[0]));
    assert.deepEqual(seen("app"), ["START", "TERM", `GONE ${ns.path("web.log.pid")}`, "CLEANUP"]);
    assert.deepEqual(seen("db"), ["START", "TERM", `GONE ${ns.path("app.log.pid")}`, `GONE ${ns.path("web.log.pid")}`, "CLEANUP"]);
    const term = Number(
      linesOf(ns.path("web.log"))
        .find((l) => l.startsWith("TERM "))
        ?.split(" ")[2],
    );
    assert.ok(term >= drainingSeen, "the first program got its signal after status said draining");
  });

  it("reaches the server inside `sh -c` without exec, so its cleanup runs", async () => {
    const ns = await startInNamespace(
      `[program:wrapped]\ncommand = /bin/sh -c "${fixture("records-term.sh")} %(here)s/inner.log 0.3; echo never"\nstartsecs = 0\n`,
    );
    await waitStarted([ns.path("inner.log")]);
    const exit = await ns.dockerStop(10_000);
    assert.deepEqual(exit, { code: 0, signal: null, killedByDocker: false }, ns.log);
    assert.ok(has(ns.path("inner.log"), /^TERM /m), "the inner server got SIGTERM");
    assert.ok(has(ns.path("inner.log"), /^CLEANUP /m), "the inner server finished its cleanup before graced exited");
  });

  it("gracectl shutdown from outside the namespace prints each program's line and exits 0, though graced is pid 1 there", async () => {
    const ns = await startInNamespace(
      `[program:web]\ncommand = ${fixture("records-term.sh")} %(here)s/web.log 0.3\nstartsecs = 0\n\n` +
        `[program:worker]\ncommand = ${fixture("records-term.sh")} %(here)s/worker.log 0\nstartsecs = 0\n`,
    );
    await waitStarted([ns.path("web.log"), ns.path("worker.log")]);
    const r = await runCtl(["-s", `unix://${ns.socket}`, "shutdown"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.stdout.trim().split("\n"), ["worker: stopped", "web: stopped", "Shut down"]);
    assert.deepEqual(await ns.waitExit(10_000), { code: 0, signal: null, killedByDocker: false }, ns.log);
    assert.ok(has(ns.path("web.log"), /^CLEANUP /m));
  });

  it("signals priority 10 only after priority 20 was reaped, and 20 only after 30", async () => {
    const prog = (name: string, priority: number, watch: string[]) =>
      `[program:${name}]\ncommand = ${fixture("term-order.sh")} %(here)s/${name}.log 0.3 ${watch.map((w) => `%(here)s/${w}.log.pid`).join(" ")}\n` +
      `priority = ${priority}\nstartsecs = 0\n`;
    const ns = await startInNamespace([prog("p10", 10, ["p20", "p30"]), prog("p20", 20, ["p30"]), prog("p30", 30, [])].join("\n"));
    await waitStarted(["p10", "p20", "p30"].map((n) => ns.path(`${n}.log`)));
    const exit = await ns.dockerStop(10_000);
    assert.equal(exit.code, 0, ns.log);
    const p10 = readFileSync(ns.path("p10.log"), "utf8");
    const p20 = readFileSync(ns.path("p20.log"), "utf8");
    // GONE = kill -0 failed at the moment it got SIGTERM: reaped, not merely a zombie
    assert.match(p10, /^GONE .*p30\.log\.pid$/m, p10);
    assert.match(p10, /^GONE .*p20\.log\.pid$/m, p10);
    assert.match(p20, /^GONE .*p30\.log\.pid$/m, p20);
    for (const log of [p10, p20]) assert.doesNotMatch(log, /^ALIVE /m);
  });
});
