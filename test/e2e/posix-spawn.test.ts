import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { waitUntil } from "../helpers/wait.js";

/**
 * Programs without user= or umask= are spawned through glibc's posix_spawn
 * (process/posix-spawn.ts); they must get exactly what Node's spawn gave them.
 */

const O_CLOEXEC = 0o2000000;

/** The fds of `pid` that an exec keeps (no close-on-exec): what graced's children inherit besides 0-2. */
function inheritableFds(pid: number): number[] {
  return readdirSync(`/proc/${pid}/fdinfo`)
    .map(Number)
    .filter((fd) => {
      try {
        const flags = /^flags:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, "utf8"))?.[1] ?? "0";
        return (Number.parseInt(flags, 8) & O_CLOEXEC) === 0;
      } catch {
        return false; // closed meanwhile
      }
    });
}

/** Session and process group from /proc/PID/stat (fields 6 and 5, after the parenthesised name). */
function sessionOf(pid: number): { pgid: number; sid: number } {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
  return { pgid: Number(fields[2]), sid: Number(fields[3]) };
}

const script = (path: string, text: string, mode = 0o755) => writeFileSync(path, text, { mode });

describe("programs spawned through posix_spawn", () => {
  let d: TestDaemon;
  const dir = mkdtempSync(join(tmpdir(), "grace-posix-"));
  const work = join(dir, "work dir");
  mkdirSync(work);
  // a #! interpreter that does not exist (ENOENT), one that is not executable (EACCES), no #! at all (sh runs it)
  script(join(dir, "no-interpreter"), "#!/nonexistent/grace-sh\nexit 0\n");
  script(join(dir, "not-executable"), "not a program\n", 0o644);
  script(join(dir, "bad-interpreter"), `#!${join(dir, "not-executable")}\nexit 0\n`);
  script(join(dir, "no-shebang"), `echo ran > "${join(dir, "no-shebang.out")}"\nexec sleep 1000\n`);

  before(async () => {
    d = await startDaemon(`
[program:idle]
command = sleep 1000
directory = ${work}
startsecs = 0

[program:exits5]
command = sh -c "exit 5"
startsecs = 0
autorestart = false

[program:killed]
command = sleep 1000
startsecs = 0
autorestart = false

[program:nointerp]
command = ${join(dir, "no-interpreter")}
autostart = false
startretries = 0

[program:badinterp]
command = ${join(dir, "bad-interpreter")}
autostart = false
startretries = 0

[program:noshebang]
command = ${join(dir, "no-shebang")}
startsecs = 0
`);
  });
  after(async () => {
    await d.stop();
  });

  it("gets default signal dispositions (SIGPIPE too), an empty mask, its own session and group", async () => {
    const { pid } = await d.waitForState("idle", "RUNNING");
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    assert.match(status, /^SigIgn:\s+0+$/m);
    assert.match(status, /^SigBlk:\s+0+$/m);
    assert.deepEqual(sessionOf(pid), { pgid: pid, sid: pid });
  });

  it("runs in its directory with only 0-2 and what graced itself inherited open", async () => {
    const { pid } = await d.waitForState("idle", "RUNNING");
    assert.equal(readlinkSync(`/proc/${pid}/cwd`), work);
    const graced = d.child.pid ?? 0;
    const expected = [0, 1, 2, ...inheritableFds(graced).filter((fd) => fd > 2)].sort((a, b) => a - b);
    const open = readdirSync(`/proc/${pid}/fd`)
      .map(Number)
      .sort((a, b) => a - b);
    assert.deepEqual(open, expected);
  });

  it("reports an exit code, and a death by signal, as Node did", async () => {
    const exited = await d.waitForState("exits5", "EXITED");
    assert.equal(exited.exitstatus, 5);
    assert.equal(exited.description.split(",")[0], "exit status 5");
    const { pid } = await d.waitForState("killed", "RUNNING");
    process.kill(pid, "SIGKILL");
    const killed = await d.waitForState("killed", "EXITED");
    assert.equal(killed.exitsignal, "SIGKILL");
    assert.ok(killed.description.startsWith("terminated by SIGKILL"), killed.description);
  });

  for (const [name, words] of [
    ["nointerp", "ENOENT: no such file (a script whose #! interpreter is missing?)"],
    ["badinterp", "EACCES: permission denied"],
  ] as const) {
    it(`an exec refused with ${words.split(":")[0]} is a spawn error, FATAL with the cause`, async () => {
      const r = await d.ctl("start", name);
      assert.equal(r.code, 7);
      assert.equal(r.stdout, `${name}: ERROR (spawn error)\n`);
      const info = await d.waitForState(name, "FATAL");
      assert.ok(info.spawnerr.endsWith(words), info.spawnerr);
      assert.ok(info.spawnerr.startsWith("couldn't spawn '"), info.spawnerr);
    });
  }

  it("runs a script without #! through /bin/sh, as execvp does", async () => {
    await d.waitForState("noshebang", "RUNNING");
    const out = await waitUntil("the script's output", () => {
      try {
        return readFileSync(join(dir, "no-shebang.out"), "utf8");
      } catch {
        return undefined;
      }
    });
    assert.equal(out, "ran\n");
  });

  it("is reaped by the engine, never by the orphan reaper: stop and start again", async () => {
    const first = await d.waitForState("idle", "RUNNING");
    const r = await d.ctl("restart", "idle");
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const second = await d.waitForState("idle", "RUNNING");
    assert.notEqual(second.pid, first.pid);
    await waitUntil("the debug log of the respawn", () => d.log.includes(`spawned: 'idle' with pid ${second.pid}`) || undefined);
    assert.doesNotMatch(d.log, new RegExp(`reaped \\d+ orphan\\(s\\):.*\\b${first.pid}\\b`));
  });
});
