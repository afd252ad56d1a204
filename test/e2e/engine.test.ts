import assert from "node:assert/strict";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { fixture } from "../helpers/paths.js";
import { waitUntil } from "../helpers/wait.js";

/** Start times (ms) written by spawn-log.sh, one per spawn. */
const spawns = (file: string): number[] =>
  existsSync(file)
    ? readFileSync(file, "utf8")
        .trim()
        .split("\n")
        .filter(Boolean)
        .map((l) => Number(l.split(" ")[1]))
    : [];

describe("the process engine against real processes", () => {
  let d: TestDaemon;
  const dir = mkdtempSync(join(tmpdir(), "grace-engine-"));
  const log = (name: string) => join(dir, `${name}.log`);
  const work = join(dir, "work dir");
  mkdirSync(work);
  writeFileSync(join(dir, "plain.txt"), "not a program\n", { mode: 0o644 });

  before(async () => {
    d = await startDaemon(`
[supervisord]
environment = FROM_DAEMON="d",SHARED="daemon"

[program:flapper]
command = ${fixture("spawn-log.sh")} ${log("flapper")} 1
startsecs = 1
startretries = 2

[program:crasher]
command = ${fixture("spawn-log.sh")} ${log("crasher")} 1 0.2
startsecs = 0
autorestart = true

[program:expected]
command = ${fixture("spawn-log.sh")} ${log("expected")} 3
startsecs = 0
exitcodes = 0,3

[program:unexpected]
command = ${fixture("spawn-log.sh")} ${log("unexpected")} 4 0.2
startsecs = 0

[program:always]
command = ${fixture("spawn-log.sh")} ${log("always")} 0 0.2
startsecs = 0
autorestart = true

[program:never]
command = ${fixture("spawn-log.sh")} ${log("never")} 1
startsecs = 0
autorestart = false

[program:dump]
command = ${fixture("env-dump.sh")} ${log("dump")}
directory = ${work}
umask = 027
environment = FROM_PROGRAM="p",SHARED="program"
startsecs = 0

[program:missing]
command = grace-no-such-program --flag
autostart = false
startretries = 0

[program:isdir]
command = ${dir}
autostart = false
startretries = 0

[program:noexec]
command = ${join(dir, "plain.txt")}
autostart = false
startretries = 0

[program:nodir]
command = sleep 1
directory = ${join(dir, "gone")}
autostart = false
startretries = 0
`);
  });
  after(async () => {
    await d.stop();
  });

  // the retry delays themselves (1 s, 2 s …) are exact in process/managed-process.test.ts, on a fake clock
  it("a flapping program reaches FATAL after startretries+1 spawns", async () => {
    const info = await d.waitForState("flapper", "FATAL", 15_000);
    assert.equal(info.description, "Exited too quickly (process log may have details), exit status 1");
    assert.equal(spawns(log("flapper")).length, 3);
    const r = await d.ctl("status", "flapper");
    assert.equal(r.code, 3);
    assert.match(r.stdout, /^flapper +FATAL +Exited too quickly \(process log may have details\), exit status 1$/m);
  });

  // the damping delays (0, 1 s, 2 s, 4 s …) are exact in process/managed-process.test.ts, on a fake clock
  it("a crash-looping RUNNING program keeps restarting, a damped restart shown in status", async () => {
    const pending = await waitUntil(
      "a damped restart to show in status",
      async () => {
        const info = await d.info("crasher");
        return info.statename === "EXITED" && info.restartIn > 0 ? info : undefined;
      },
      10_000,
    );
    assert.match(pending.description, /^exit status 1, .*, restarting in \ds$/);
    const shown = await waitUntil(
      "gracectl status to show the pending restart",
      async () => {
        const r = await d.ctl("status", "crasher");
        return /restarting in \ds$/m.test(r.stdout) ? r.stdout : undefined;
      },
      15_000,
    );
    assert.match(shown, /^crasher +EXITED +exit status 1, /m);
    await waitUntil("four spawns of crasher", () => (spawns(log("crasher")).length >= 4 ? true : undefined), 15_000);
  });

  it("exit codes drive autorestart", async () => {
    // unexpected code and autorestart=true restart; the others stay EXITED
    await waitUntil(
      "restarts of unexpected and always",
      () => (spawns(log("unexpected")).length >= 2 && spawns(log("always")).length >= 2 ? true : undefined),
      10_000,
    );
    const expected = await d.waitForState("expected", "EXITED");
    assert.equal(expected.description.split(",")[0], "exit status 3");
    const never = await d.waitForState("never", "EXITED");
    assert.equal(never.exitstatus, 1);
    // both exited before the others restarted, and have not been started again since
    assert.equal(spawns(log("expected")).length, 1);
    assert.equal(spawns(log("never")).length, 1);
  });

  for (const [name, words] of [
    ["missing", "can't find command 'grace-no-such-program'"],
    ["isdir", "is a directory"],
    ["noexec", "is not executable"],
    ["nodir", "couldn't chdir to"],
  ] as const) {
    it(`a spawn error (${name}) is FATAL with supervisord's words, and start exits 7`, async () => {
      const r = await d.ctl("start", name);
      assert.equal(r.code, 7);
      assert.equal(r.stdout, `${name}: ERROR (spawn error)\n`);
      const info = await d.waitForState(name, "FATAL");
      assert.ok(info.spawnerr.includes(words), info.spawnerr);
      assert.ok(info.description.includes(words));
    });
  }

  it("environment, directory, umask and clean signal state reach the child", async () => {
    await d.waitForState("dump", "RUNNING");
    const text = await waitUntil("the dump", () => (existsSync(log("dump")) ? readFileSync(log("dump"), "utf8") : undefined));
    const env = new Map(
      text
        .split("\n")
        .filter((l) => l.includes("="))
        .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
    );
    assert.equal(env.get("cwd"), work);
    assert.equal(env.get("umask"), "0027");
    assert.equal(env.get("FROM_DAEMON"), "d");
    assert.equal(env.get("FROM_PROGRAM"), "p");
    assert.equal(env.get("SHARED"), "program");
    for (const prefix of ["SUPERVISOR", "GRACE"]) {
      assert.equal(env.get(`${prefix}_ENABLED`), "1");
      assert.equal(env.get(`${prefix}_PROCESS_NAME`), "dump");
      assert.equal(env.get(`${prefix}_GROUP_NAME`), "dump");
      assert.equal(env.get(`${prefix}_SERVER_URL`), `unix://${d.socket}`);
    }
    // the program itself (sh exec'd into sleep): SIGPIPE (bit 13) is not ignored and nothing
    // is blocked, unlike supervisord's children
    const { pid } = await d.info("dump");
    const status = await waitUntil("dump to exec sleep", () =>
      readFileSync(`/proc/${pid}/cmdline`, "utf8").startsWith("sleep") ? readFileSync(`/proc/${pid}/status`, "utf8") : undefined,
    );
    assert.match(status, /^SigIgn:\s+0+$/m);
    assert.match(status, /^SigBlk:\s+0+$/m);
  });
});

describe("user = another account", () => {
  it("runs as that user with its HOME/USER/LOGNAME when graced is root, else is a clear spawn error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "grace-user-"));
    chmodSync(dir, 0o777);
    const out = join(dir, "dump");
    const d = await startDaemon(`
[program:asnobody]
command = ${fixture("env-dump.sh")} ${out}
user = nobody
directory = ${dir}
startsecs = 0
startretries = 0
`);
    try {
      if (process.getuid?.() === 0) {
        await d.waitForState("asnobody", "RUNNING");
        const text = await waitUntil("the dump", () => (existsSync(out) ? readFileSync(out, "utf8") : undefined));
        const nobody =
          readFileSync("/etc/passwd", "utf8")
            .split("\n")
            .find((l) => l.startsWith("nobody:"))
            ?.split(":") ?? [];
        assert.match(text, new RegExp(`^uid=${nobody[2]} gid=${nobody[3]} groups=${nobody[3]}$`, "m"));
        assert.match(text, /^USER=nobody$/m);
        assert.match(text, /^LOGNAME=nobody$/m);
        assert.match(text, new RegExp(`^HOME=${nobody[5]}$`, "m"));
      } else {
        const info = await d.waitForState("asnobody", "FATAL");
        assert.equal(info.spawnerr, "cannot run as user 'nobody': graced is not running as root");
      }
    } finally {
      await d.stop();
    }
  });
});

describe("exit_on_fatal", () => {
  it("a listed program's FATAL shuts graced down with exit status 1", async () => {
    const d = await startDaemon(
      `
[supervisord]
exit_on_fatal = main

[program:main]
command = grace-no-such-program
startretries = 0

[program:side]
command = sleep 1000
startsecs = 0
`,
      { waitForSocket: false },
    );
    const { code } = await d.exited;
    assert.equal(code, 1);
    assert.match(d.log, /main entered FATAL \(exit_on_fatal\)/);
  });

  it("a listed program's exit with autorestart=false does too; an unlisted one does not", async () => {
    const d = await startDaemon(`
[supervisord]
exit_on_fatal = main

[program:other]
command = ${fixture("exits-after.sh")} 0 1
startsecs = 0
autorestart = false

[program:main]
command = ${fixture("exits-after.sh")} 0.5 0
startsecs = 0
autorestart = false
`);
    await d.waitForState("other", "EXITED");
    const { code } = await d.exited;
    assert.equal(code, 1);
    assert.match(d.log, /main exited and will not be restarted \(exit_on_fatal\)/);
  });
});
