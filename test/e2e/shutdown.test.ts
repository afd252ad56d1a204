import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { startDaemon } from "../helpers/daemon.js";
import { fixture } from "../helpers/paths.js";
import { call } from "../helpers/rpc.js";
import { waitUntil } from "../helpers/wait.js";

const readIfThere = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : "");

type Stamp = { what: string; pid: number; ms: number };
const stamps = (file: string): Stamp[] =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => {
          const [what, pid, ms] = l.split(" ");
          return { what: what as string, pid: Number(pid), ms: Number(ms) };
        })
    : [];

describe("SIGTERM to graced", () => {
  it("stops every program, highest priority number first, removes its socket and exits 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "grace-order-"));
    const log = (n: string) => join(dir, `${n}.log`);
    const d = await startDaemon(`
[program:db]
command = ${fixture("records-term.sh")} ${log("db")} 0.3
priority = 10
startsecs = 0

[program:web1]
command = ${fixture("records-term.sh")} ${log("web1")} 0.5
priority = 30
startsecs = 0

[program:web2]
command = ${fixture("records-term.sh")} ${log("web2")} 0.5
priority = 30
startsecs = 0
`);
    // with startsecs=0, RUNNING comes at the spawn: wait until each script has set its trap
    for (const n of ["db", "web1", "web2"]) await waitUntil(`${n} to start`, () => (stamps(log(n)).length > 0 ? true : undefined));
    const { code } = await d.stop();
    assert.equal(code, 0, d.log);
    const db = stamps(log("db"));
    const web = [...stamps(log("web1")), ...stamps(log("web2"))];
    for (const s of [db, stamps(log("web1")), stamps(log("web2"))]) {
      assert.deepEqual(
        s.map((x) => x.what),
        ["START", "TERM", "CLEANUP"],
      );
    }
    const dbTerm = db.find((s) => s.what === "TERM")?.ms as number;
    const lastWebCleanup = Math.max(...web.filter((s) => s.what === "CLEANUP").map((s) => s.ms));
    assert.ok(dbTerm >= lastWebCleanup, "the priority-10 program got TERM only after the priority-30 ones finished");
    assert.equal(existsSync(d.socket), false, "socket removed");
  });

  it("does not restart a program that dies while an earlier level is still stopping", async () => {
    const dir = mkdtempSync(join(tmpdir(), "grace-hold-"));
    const marker = join(dir, "slow.log");
    const crasherLog = join(dir, "crasher.log");
    // crasher (autorestart=true) exits as soon as the slow program has received its SIGTERM
    const d = await startDaemon(`
[program:slow]
command = ${fixture("records-term.sh")} ${marker} 1
priority = 900
startsecs = 0

[program:crasher]
command = sh -c 'echo "START $$ $(date +%%s%%3N)" >> ${crasherLog}; while ! grep -q TERM ${marker} 2>/dev/null; do sleep 0.05; done; exit 1'
priority = 10
autorestart = true
startsecs = 0
`);
    await d.waitForState("slow", "RUNNING");
    await d.waitForState("crasher", "RUNNING");
    const { code } = await d.stop();
    assert.equal(code, 0, d.log);
    const term = stamps(marker).find((s) => s.what === "TERM")?.ms as number;
    assert.ok(term > 0, "slow got SIGTERM");
    const spawnsAfterTerm = stamps(crasherLog).filter((s) => s.ms >= term);
    assert.deepEqual(spawnsAfterTerm, [], "crasher was not started again during the shutdown");
    assert.match(d.log, /exited: crasher \(exit status 1; not expected\)/);
  });

  it("does not start again a program whose restart was stopping it when the shutdown began", async () => {
    const d = await startDaemon(`
[program:hold]
command = sh ${fixture("ignores-term.sh")} /dev/null
startsecs = 0
stopwaitsecs = 2
`);
    await d.waitForState("hold", "RUNNING");
    // hold ignores SIGTERM, so the restart is still in its stop half when graced gets SIGTERM
    const restart = d.ctl("restart", "hold");
    await d.waitForState("hold", "STOPPING");
    const { code } = await d.stop();
    assert.equal(code, 1, d.log);
    const r = await restart;
    assert.doesNotMatch(r.stdout, /started/);
    const spawns = d.log.match(/spawned: 'hold'/g) ?? [];
    assert.equal(spawns.length, 1, d.log);
  });
});

describe("a second SIGTERM during the shutdown", () => {
  it("gives every program its shutdown line, and the final counts add up", async () => {
    const dir = mkdtempSync(join(tmpdir(), "grace-escalate-"));
    // three levels, each ignoring SIGTERM: only web (priority 900) has its signal when the
    // second SIGTERM comes; app and db are SIGKILLed before their level's turn
    const levels = { web: 900, app: 50, db: 10 };
    const d = await startDaemon(
      Object.entries(levels)
        .map(
          ([n, prio]) =>
            `[program:${n}]\ncommand = ${fixture("ignores-term.sh")} ${join(dir, `${n}.log`)}\npriority = ${prio}\nstartsecs = 0\n`,
        )
        .join("\n"),
    );
    for (const n of Object.keys(levels)) await d.waitForState(n, "RUNNING");
    d.child.kill("SIGTERM");
    await waitUntil("web to get SIGTERM", () => (/^TERM/m.test(readIfThere(join(dir, "web.log"))) ? true : undefined));
    d.child.kill("SIGTERM");
    const { code } = await d.stop();
    assert.equal(code, 1, d.log);
    for (const n of Object.keys(levels)) assert.match(d.log, new RegExp(`shutdown: ${n} killed with SIGKILL after`), d.log);
    assert.match(
      d.log,
      /shutdown complete in [\d.]+s: 3 program\(s\) stopped, 3 killed, escalated to SIGKILL by a second signal; exit status 1/,
    );
  });
});

describe("shutdown through the control socket", () => {
  it("ends graced with the shutdown's exit status: 1 when a program had to be SIGKILLed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "grace-rpc-shutdown-"));
    const d = await startDaemon(
      `[program:stubborn]\ncommand = ${fixture("ignores-term.sh")} ${join(dir, "stubborn.log")}\nstartsecs = 0\n`,
      {
        env: { GRACE_SHUTDOWN_TIMEOUT: "1" },
      },
    );
    await d.waitForState("stubborn", "RUNNING");
    assert.deepEqual(await call(d.socket, "shutdown", {}), { accepted: true });
    const timer = setTimeout(() => d.child.kill("SIGKILL"), 15_000);
    const { code, signal } = await d.exited;
    clearTimeout(timer);
    assert.deepEqual({ code, signal }, { code: 1, signal: null }, d.log);
    assert.match(d.log, /shutdown requested through the control socket/);
    assert.equal(existsSync(d.socket), false, "socket removed");
  });
});
