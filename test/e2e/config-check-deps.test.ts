import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { NO_STACK, runGraced } from "../helpers/graced.js";

/** Issue 14's config keys through the real graced: --check, --strict, --json, and a refused start. */
function writeConfig(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), "grace-check-deps-"));
  const file = join(dir, "main.conf");
  writeFileSync(file, `[unix_http_server]\nfile=${join(dir, "grace.sock")}\n${text}`);
  return file;
}
const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" };
const check = (text: string, ...flags: string[]) => runGraced(["-c", writeConfig(text), "--check", ...flags], { env });

describe("graced --check with dependencies", () => {
  it("prints a cycle and exits 2", async () => {
    const run = await check("[program:web]\ncommand=sleep 9\ndepends_on=app\n[program:app]\ncommand=sleep 9\ndepends_on=web:ready\n");
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /main.conf:5: \[program:web\] depends_on: dependency cycle: web → app → web \(nothing in it could ever start\)/,
    );
    assert.match(run.stderr, /main.conf: 1 error, 0 warnings/);
    assert.doesNotMatch(run.stderr, NO_STACK);
  });

  it("names an unknown dependency with a did-you-mean and exits 2", async () => {
    const run = await check("[program:web]\ncommand=sleep 9\ndepends_on=postgress\n[program:postgres]\ncommand=sleep 9\n");
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /main.conf:5: \[program:web\] depends_on: no program or group named "postgress" \(did you mean "postgres"\?\)/,
    );
  });

  it("warns about a dependency on an autostart=false program; --strict makes it fatal", async () => {
    const text = "[program:web]\ncommand=sleep 9\ndepends_on=db\n[program:db]\ncommand=sleep 9\nautostart=false\n";
    const run = await check(text);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /main.conf:5: \[program:web\] depends_on: warning: db has autostart=false/);
    assert.match(run.stdout, /ok, 2 processes, 1 warning\n$/);
    assert.equal((await check(text, "--strict")).code, 2);
  });

  it("refuses to start graced on a cycle, with the same words", async () => {
    const run = await runGraced(["-c", writeConfig("[program:web]\ncommand=sleep 9\ndepends_on=web\n")], { env });
    assert.equal(run.code, 2);
    assert.match(run.stderr, /\[program:web\] depends_on: web depends on itself/);
    assert.doesNotMatch(run.stderr, NO_STACK);
  });

  it("quotes a bad ready_check, stop_escalation or shutdown_drain with file:line", async () => {
    const run = await check(
      "[supervisord]\nshutdown_drain=soon\n[program:web]\ncommand=sleep 9\nready_check=port 80\nstop_escalation=INT@150%\n",
    );
    assert.equal(run.code, 2);
    assert.match(run.stderr, /main.conf:4: \[supervisord\] shutdown_drain: expected a number of seconds such as 5 or 0.5, got "soon"/);
    assert.match(run.stderr, /main.conf:7: \[program:web\] ready_check: expected tcp:HOST:PORT, .*got "port 80"/);
    assert.match(
      run.stderr,
      /main.conf:8: \[program:web\] stop_escalation: a step comes strictly between 0% and 100% of the grace period, got "INT@150%"/,
    );
  });
});

describe("a config written for supervisord-dependent-startup", () => {
  const plugin = [
    "[eventlistener:dependentstartup]\ncommand=python3 -m supervisord_dependent_startup\nautostart=true\nevents=PROCESS_STATE",
    "[program:rsyslogd]\ncommand=sleep 9\nautostart=false\ndependent_startup=true",
    "[program:init]\ncommand=true\nstartsecs=0\nautostart=false\nautorestart=false\ndependent_startup=true",
    "[program:syncd]\ncommand=sleep 9\nautostart=false\ndependent_startup=true\ndependent_startup_wait_for=rsyslogd:running init:exited",
  ].join("\n");

  it("loads with a note, passes --strict, and reads into depends_on (--json)", async () => {
    const run = await check(plugin, "--strict");
    assert.equal(run.code, 0, run.stderr);
    assert.match(
      run.stderr,
      /main.conf:3: \[eventlistener:dependentstartup\]: note: supervisord-dependent-startup's event listener is not needed/,
    );
    assert.match(run.stdout, /ok, 3 processes, 0 warnings, 1 note\n$/);
    const json = JSON.parse((await check(plugin, "--json")).stdout) as {
      programs: { name: string; autostart: boolean; depends_on: string[] }[];
    };
    assert.deepEqual(
      json.programs.map((p) => [p.name, p.autostart, p.depends_on]),
      [
        ["rsyslogd", true, []],
        ["init", true, []],
        ["syncd", true, ["rsyslogd:running", "init:done"]],
      ],
    );
  });

  it("another event listener is no longer skipped: without its events line it is an error", async () => {
    const run = await check("[eventlistener:x]\ncommand=crashmail\n[program:a]\ncommand=sleep 9\n");
    assert.equal(run.code, 2);
    assert.match(run.stderr, /\[eventlistener:x\] events: missing: an event listener needs the event types it receives/);
  });
});
