import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { appendFileSync, readFileSync } from "node:fs";
import { after, before, describe, it } from "node:test";
import { fixture } from "../helpers/paths.js";
import { normalise, SUPERVISORCTL, startTwins, supervisorSkip, type Twin } from "../helpers/supervisord.js";
import { waitUntil } from "../helpers/wait.js";

/**
 * The real supervisorctl (Debian's supervisor 4.2.5) against graced and against the real
 * supervisord, on the same config, in the same test: every command's output and exit code
 * must be the same, once pids, uptimes and dates are normalised (helpers/supervisord.ts).
 * Where grace differs by design (its version, its own main log, reload keeping what did not
 * change), the test says so and compares what must still match.
 */

/**
 * The config the XML-RPC reference was recorded with (scripts/record-supervisord-xmlrpc.py), and
 * two programs of this test's own: one that ticks for `tail -f`, one whose command is missing.
 */
const CONFIG = `${readFileSync(fixture("supervisord-reference.conf"), "utf8")}
[program:ticker]
command = ${fixture("ticks.sh")}
startsecs = 0
stdout_logfile = %(here)s/ticker.out

[program:missing]
command = /nonexistent/program
autostart = false
`;

const EXTRA = `
[program:extra]
command = /bin/sleep 1000
autostart = false
startsecs = 0
`;

/**
 * After a reload: supervisord made every process anew, so one stopped before shows "Not
 * started" again; grace kept it and its stop date with it (it restarts only what changed).
 */
/**
 * Stopping several: supervisord lists each process as its stop completes (its polling order,
 * which varies from run to run), graced in priority order: the same lines, compared sorted.
 */
const sortedLines = (out: string) => out.split("\n").sort().join("\n");

const keptHistory = (out: string) => out.replaceAll("Not started", "DATE");

describe("supervisorctl: graced answers as supervisord does", { skip: supervisorSkip() }, () => {
  let sv: Twin;
  let gr: Twin;

  before(async () => {
    [sv, gr] = await startTwins(CONFIG);
    // both have spawned their autostart programs before the comparison starts
    for (const t of [sv, gr]) {
      await waitUntil(`${t.kind}'s programs`, async () => ((await t.ctl("status", "web", "ticker")).code === 0 ? true : undefined), 10_000);
    }
  });
  after(async () => {
    await Promise.all([sv?.stop(), gr?.stop()]);
  });

  /** Run the command on both; output (normalised, then `also`) and exit code must be the same. */
  async function same(...args: string[]): Promise<{ out: string; code: number }> {
    return sameAs((s) => s, ...args);
  }

  async function sameAs(also: (out: string) => string, ...args: string[]): Promise<{ out: string; code: number }> {
    const a = await sv.ctl(...args);
    const b = await gr.ctl(...args);
    assert.deepEqual(
      { out: also(normalise(b.out)), code: b.code },
      { out: also(normalise(a.out)), code: a.code },
      `supervisorctl ${args.join(" ")}: graced (actual) vs supervisord (expected)`,
    );
    return b;
  }

  it("status: the same lines and exit code 3 (some processes not running)", async () => {
    const r = await same("status");
    assert.equal(r.code, 3);
    assert.match(r.out, /^web\s+RUNNING\s+pid \d+, uptime /m);
    await same("status", "web", "nosuch");
    await same("status", "worker:*");
  });

  it("start, stop, restart: started, already started, no such process, no such file, not running", async () => {
    assert.equal((await same("start", "idle")).out, "idle: started\n");
    await same("start", "idle");
    await same("start", "nosuch");
    assert.equal((await same("start", "missing")).out, "missing: ERROR (no such file)\n");
    await same("status", "missing");
    assert.equal((await same("stop", "idle")).out, "idle: stopped\n");
    await same("stop", "idle");
    await same("restart", "web");
    await sameAs(sortedLines, "restart", "worker:*");
  });

  it("signal: signalled, bad signal name, not running", async () => {
    await same("signal", "CONT", "web");
    await same("signal", "NOPE", "web");
    await same("signal", "HUP", "idle");
    await same("signal", "CONT", "worker:*");
  });

  it("pid: each daemon's own pid and its processes' (pids differ by nature: checked against each)", async () => {
    for (const t of [sv, gr]) {
      const own = await t.ctl("pid");
      assert.deepEqual(own, { out: `${t.child.pid}\n`, code: 0 }, t.kind);
      const web = await t.ctl("pid", "web");
      assert.match(web.out, /^[1-9]\d*\n$/, t.kind);
      const idle = await t.ctl("pid", "idle");
      assert.deepEqual(idle, { out: "0\n", code: 7 }, `${t.kind}: a stopped process's pid is 0, exit 7`);
    }
    const all = await Promise.all([sv, gr].map((t) => t.ctl("pid", "all")));
    assert.deepEqual(
      all.map((r) => r.out.replace(/\d+/g, "N")),
      [all[0].out.replace(/\d+/g, "N"), all[0].out.replace(/\d+/g, "N")],
    );
  });

  it("tail, clear: the same bytes of the program's log, then none", async () => {
    await same("tail", "web");
    await same("tail", "web", "stderr");
    await same("tail", "-3", "web");
    await same("tail", "nosuch");
    await same("clear", "web");
    await same("tail", "web");
  });

  it("tail -f follows the log until the client is killed, and the daemon carries on", async () => {
    for (const t of [sv, gr]) {
      const client = spawn(SUPERVISORCTL, ["-c", t.conf, "tail", "-f", "ticker"], { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      client.stdout.on("data", (b: Buffer) => {
        out += b.toString();
      });
      try {
        await waitUntil(
          `${t.kind}: three ticks through tail -f`,
          () => ((out.match(/^tick \d+$/gm) ?? []).length >= 3 ? true : undefined),
          10_000,
        );
      } finally {
        if (client.pid) process.kill(client.pid, "SIGKILL");
      }
      assert.equal(out.split("\n")[0], "==> Press Ctrl-C to exit <==", t.kind);
      const ticks = (out.match(/^tick (\d+)$/gm) ?? []).map((l) => Number(l.slice(5)));
      assert.deepEqual(
        ticks,
        ticks.map((_, i) => ticks[0] + i),
        `${t.kind}: consecutive ticks, none lost or repeated`,
      );
    }
    await same("status", "ticker");
  });

  it("maintail: each daemon's own log (grace's lines are its own by design): the last N bytes, exit 0", async () => {
    for (const t of [sv, gr]) {
      const r = await t.ctl("maintail", "-200");
      assert.equal(r.code, 0, t.kind);
      assert.ok(r.out.length > 0 && r.out.length <= 201, `${t.kind}: ${JSON.stringify(r.out)}`);
    }
  });

  it("avail, reread, add, remove, update: the same config changes, reported alike", async () => {
    await same("avail");
    for (const t of [sv, gr]) appendFileSync(t.conf, EXTRA);
    assert.equal((await same("reread")).out, "extra: available\n");
    await same("avail");
    assert.equal((await same("add", "extra")).out, "extra: added process group\n");
    await same("add", "extra");
    await same("add", "nosuch");
    await same("start", "extra");
    await same("remove", "extra");
    await same("stop", "extra");
    assert.equal((await same("remove", "extra")).out, "extra: removed process group\n");
    await same("remove", "nosuch");
    assert.equal((await same("update")).out, "extra: added process group\n");
    await same("update");
    await same("avail");
  });

  it("reload: restarted (supervisord restarts everything, grace only what changed: the states still agree)", async () => {
    assert.equal((await same("reload")).out, "Restarted supervisord\n");
    for (const t of [sv, gr]) {
      await waitUntil(
        `${t.kind} back after reload`,
        async () => ((await t.ctl("status", "web", "ticker")).code === 0 ? true : undefined),
        15_000,
        100,
      );
    }
    await waitUntil("worker running on both", async () => {
      const r = await Promise.all([sv, gr].map((t) => t.ctl("status", "worker:*")));
      return r.every((x) => x.code === 0) ? true : undefined;
    });
    await sameAs(keptHistory, "status");
  });

  it("stop all: every running process stopped, the same lines", async () => {
    const r = await sameAs(sortedLines, "stop", "all");
    assert.match(r.out, /^web: stopped$/m);
    await sameAs(keptHistory, "status");
  });

  it("version: each its own (grace answers its own version by design; supervisorctl prints it as it is)", async () => {
    const [a, b] = await Promise.all([sv.ctl("version"), gr.ctl("version")]);
    assert.deepEqual(a, { out: "4.2.5\n", code: 0 });
    assert.match(b.out, /^\d+\.\d+\.\d+\n$/);
    assert.equal(b.code, 0);
  });

  it("shutdown: shut down, and both daemons exit", async () => {
    assert.equal((await same("shutdown")).out, "Shut down\n");
    const exits = await Promise.all([sv.exited, gr.exited]);
    assert.deepEqual(exits, [
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
  });
});
