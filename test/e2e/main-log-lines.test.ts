import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { fixture } from "../helpers/paths.js";
import { waitUntil } from "../helpers/wait.js";

/** graced's own log lines (timestamp and level cut off) that mention `name`. */
const linesAbout = (log: string, name: string): string[] =>
  log
    .split("\n")
    .map((l) => l.replace(/^\S+ \S+ [A-Z]+ /, ""))
    .filter((l) => l.includes(`${name} `) || l.includes(`'${name}'`));

describe("graced's main log tells every state change", () => {
  let d: TestDaemon;
  const dir = mkdtempSync(join(tmpdir(), "grace-loglines-"));

  before(async () => {
    d = await startDaemon(`
[program:crasher]
command = ${fixture("spawn-log.sh")} ${join(dir, "crasher.log")} 1 0.3
startsecs = 0

[program:patient]
command = sleep 1000
startsecs = 0
stopwaitsecs = 20
`);
  });

  after(async () => {
    await d.stop();
  });

  it("logs the exit that an immediate restart follows", async () => {
    // the first exit from RUNNING restarts at once; the second is damped by 1 s
    const lines = await waitUntil("crasher's second exit", () => {
      const l = linesAbout(d.log, "crasher");
      return l.filter((x) => x.startsWith("exited:")).length >= 2 ? l : undefined;
    });
    const kinds = lines.map((l) => l.split(":")[0]);
    assert.deepEqual(kinds.slice(0, 6), ["spawned", "success", "exited", "spawned", "success", "exited"], lines.join("\n"));
    assert.equal(lines[2], "exited: crasher (exit status 1; not expected)");
    assert.equal(lines[5], "exited: crasher (exit status 1; not expected), restarting in 1s");
  });

  it("logs RUNNING after spawned with startsecs=0, as supervisord does", async () => {
    const lines = await waitUntil("patient's RUNNING line", () => {
      const l = linesAbout(d.log, "patient");
      return l.some((x) => x.startsWith("success:")) ? l : undefined;
    });
    assert.match(lines[0] ?? "", /^spawned: 'patient' with pid \d+$/);
    assert.ok(lines.includes("success: patient entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)"));
  });

  it("warns once that stopwaitsecs exceeds the shutdown budget", async () => {
    await d.waitForState("patient", "RUNNING");
    const warnings = d.log.split("\n").filter((l) => /stopwaitsecs/.test(l) && /shutdown_timeout/.test(l));
    assert.equal(warnings.length, 1, warnings.join("\n"));
    assert.match(warnings[0] ?? "", /stopwaitsecs = 20 exceeds shutdown_timeout = 9 for patient:/);
  });
});

describe("graced's start-up warnings", () => {
  it("no warning for a log directory that graced makes for its socket, and the logs land there", async () => {
    // examples/demo.conf's shape: the socket and the AUTO logs share a directory not made yet
    const d = await startDaemon(
      `[supervisord]\nchildlogdir = %(here)s/run/demo\n\n[program:hello]\ncommand = sh -c 'echo hello; exec sleep 1000'\nstartsecs = 0\n`,
      { socketDir: "run/demo" },
    );
    try {
      const info = await d.waitForState("hello", "RUNNING");
      assert.ok(info.stdout_logfile.startsWith(join(d.dir, "run", "demo")), info.stdout_logfile);
      await waitUntil("hello in its AUTO log", () =>
        existsSync(info.stdout_logfile) && readFileSync(info.stdout_logfile, "utf8") === "hello\n" ? true : undefined,
      );
      assert.doesNotMatch(d.log, /warning|WARN/);
    } finally {
      await d.stop();
    }
  });
});
