import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { startDaemon } from "../helpers/daemon.js";
import { fixture, GRACECTL } from "../helpers/paths.js";
import { waitUntil } from "../helpers/wait.js";

const read = (f: string) => (existsSync(f) ? readFileSync(f, "utf8") : "");
const ticks = (text: string) => [...text.matchAll(/^tick (\d+)$/gm)].map((m) => Number(m[1]));

/** Run `gracectl ARGS` in the background, collecting its stdout. */
function follow(socket: string, args: string[]): { child: ChildProcess; out: () => string } {
  const child = spawn(GRACECTL, ["-s", `unix://${socket}`, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const chunks: string[] = [];
  child.stdout?.on("data", (d: Buffer) => chunks.push(d.toString()));
  return { child, out: () => chunks.join("") };
}

/** graced with a `ticker` program logging to `ticker.log` in the daemon's dir, once `tick N` is in it. */
async function startTicker(untilTick: number, daemonSection = "") {
  const d = await startDaemon(`${daemonSection}
[program:ticker]
command = ${fixture("ticks.sh")}
stdout_logfile = %(here)s/ticker.log
startsecs = 0
`);
  const path = join(d.dir, "ticker.log");
  await d.waitForState("ticker", "RUNNING");
  await waitUntil(`tick ${untilTick}`, () => (read(path).includes(`tick ${untilTick}\n`) ? true : undefined));
  return { d, path };
}

describe("logs through the control socket", () => {
  it("tail -BYTES reads the end, tail -f then streams new lines in order, without gaps or repeats", async () => {
    const d = await startDaemon(`
[program:ticker]
command = ${fixture("ticks.sh")}
startsecs = 0
`);
    try {
      const info = await d.waitForState("ticker", "RUNNING");
      await waitUntil("tick 5", () => (read(info.stdout_logfile).includes("tick 5\n") ? true : undefined));
      const short = await d.ctl("tail", "-8", "ticker");
      assert.equal(short.code, 0, short.stderr);
      assert.equal(short.stdout.length <= 9, true, JSON.stringify(short.stdout));
      const f = follow(d.socket, ["tail", "-f", "-30", "ticker"]);
      try {
        const seen = await waitUntil(
          "20 streamed ticks",
          () => {
            const t = ticks(f.out());
            return t.length >= 20 ? t : undefined;
          },
          10_000,
        );
        const from = seen[0] as number;
        assert.deepEqual(
          seen,
          seen.map((_, i) => from + i),
          "consecutive",
        );
      } finally {
        f.child.kill("SIGTERM");
      }
    } finally {
      await d.stop();
    }
  });

  it("maintail shows graced's own lines with timestamp and level; clear empties a log", async () => {
    const d = await startDaemon(`
[program:ticker]
command = ${fixture("ticks.sh")}
startsecs = 0
`);
    try {
      const info = await d.waitForState("ticker", "RUNNING");
      const main = await d.ctl("maintail", "-2000");
      assert.equal(main.code, 0, main.stderr);
      assert.match(main.stdout, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO spawned: 'ticker' with pid \d+$/m);
      await waitUntil("some ticks", () => (read(info.stdout_logfile).length > 30 ? true : undefined));
      const lastBefore = Math.max(...ticks(read(info.stdout_logfile)));
      const cleared = await d.ctl("clear", "ticker", "nope");
      assert.equal(cleared.code, 1);
      assert.match(cleared.stdout, /^ticker: cleared$/m);
      assert.match(cleared.stdout, /^nope: ERROR \(no such process\)$/m);
      // started over: whatever the file holds now was written after the last tick seen before
      const after = ticks(read(info.stdout_logfile));
      assert.ok(
        after.every((n) => n > lastBefore),
        `the file was started over: ticks ${after.slice(0, 3).join(", ")}… after tick ${lastBefore}`,
      );
    } finally {
      await d.stop();
    }
  });

  it("tail -f keeps a UTF-8 character whole when the program's bytes of it arrive in two reads", async () => {
    const d = await startDaemon(`
[program:euro]
command = ${fixture("split-utf8.sh")}
directory = %(here)s
startsecs = 0
`);
    try {
      await d.waitForState("euro", "RUNNING");
      const f = follow(d.socket, ["tail", "-f", "euro"]);
      await waitUntil("tail -f streaming", () => (f.out().includes("ready\n") ? true : undefined));
      writeFileSync(join(d.dir, "go"), "");
      await waitUntil("the price line", () => (f.out().includes("paid\n") ? true : undefined));
      f.child.kill();
      assert.match(f.out(), /price € paid\n/);
    } finally {
      await d.stop();
    }
  });

  it("tail of a log moved away says so instead of printing Node's errno text", async () => {
    const { d, path } = await startTicker(1);
    try {
      renameSync(path, `${path}.moved`);
      const r = await d.ctl("tail", "ticker");
      assert.equal(r.code, 1);
      assert.match(r.stdout + r.stderr, /ticker\.log is gone \(moved away\? kill -USR2 graced reopens it\)/);
      assert.doesNotMatch(r.stdout + r.stderr, /ENOENT/);
    } finally {
      await d.stop();
    }
  });

  it("maintail after graced's log directory was removed answers NO_FILE in words, as tail does", async () => {
    const d = await startDaemon("[supervisord]\nlogfile = %(here)s/logs/graced.log\n", {
      beforeStart: (dir) => mkdirSync(join(dir, "logs")),
    });
    try {
      await waitUntil("graced's log", () => (read(join(d.dir, "logs", "graced.log")).includes("started with pid") ? true : undefined));
      rmSync(join(d.dir, "logs"), { recursive: true });
      for (const args of [["maintail"], ["maintail", "-f"], ["--json", "maintail"]]) {
        const r = await d.ctl(...args);
        assert.equal(r.code, 1, args.join(" "));
        assert.match(r.stderr, /graced's log: \S+graced\.log is gone: its directory \S+logs was removed \(20\)/, args.join(" "));
        assert.doesNotMatch(r.stdout + r.stderr, /ENOENT/);
      }
      assert.doesNotMatch(d.log, /unexpected error/);
      assert.equal((await d.ctl("status")).code, 0, "graced still answers");
    } finally {
      await d.stop();
    }
  });

  it("SIGUSR2 after mv recreates the log file and writes on into it", async () => {
    const { d, path } = await startTicker(3, "[supervisord]\nlogfile = %(here)s/graced.log\n");
    try {
      renameSync(path, `${path}.moved`);
      renameSync(join(d.dir, "graced.log"), join(d.dir, "graced.log.moved"));
      d.child.kill("SIGUSR2");
      await waitUntil("a new ticker.log with new ticks", () => (ticks(read(path)).length >= 3 ? true : undefined));
      await waitUntil("a new graced.log", () => (read(join(d.dir, "graced.log")).includes("reopened all log files") ? true : undefined));
      const before = ticks(read(`${path}.moved`));
      const after = ticks(read(path));
      assert.equal(after[0], (before.at(-1) as number) + 1, "no tick lost between the two files");
    } finally {
      await d.stop();
    }
  });

  it("graced's own log goes to logfile, rotated at logfile_maxbytes, filtered by loglevel", async () => {
    const d = await startDaemon(`
[supervisord]
logfile = %(here)s/graced.log
logfile_maxbytes = 150
logfile_backups = 2
loglevel = warn

[program:flap]
command = sh -c 'exit 1'
startretries = 20
`);
    try {
      const path = join(d.dir, "graced.log");
      await waitUntil("a rotation", () => (existsSync(`${path}.1`) ? true : undefined), 15_000);
      assert.match(read(`${path}.1`), / WARN exited: flap /, "the rotated file holds what was logged");
      for (const f of [path, `${path}.1`]) {
        const text = read(f);
        assert.ok(text.length <= 150, `${f}: ${text.length} bytes`);
        assert.doesNotMatch(text, / INFO /, "loglevel = warn leaves info lines out");
        // (the file rotation has just opened may still be empty)
        for (const line of text.split("\n").filter(Boolean)) assert.match(line, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} WARN exited: flap /);
      }
    } finally {
      await d.stop();
    }
  });
});
