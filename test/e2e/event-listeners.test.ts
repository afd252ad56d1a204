import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { fixture } from "../helpers/paths.js";
import { waitUntil } from "../helpers/wait.js";

/**
 * `[eventlistener:x]` pools against real processes: tiny listeners (a shell script, and one
 * written with supervisor.childutils) record what graced writes to their stdin.
 */

type Heard = { header: Record<string, string>; headerLine: string; payload: string };

/** The events event-listener.sh recorded whole in `file`: header line, payload, "\n--\n". */
function recorded(file: string): Heard[] {
  if (!existsSync(file)) return [];
  // the last piece is what follows the last separator: an event still being written, or ""
  return readFileSync(file, "utf8")
    .split("\n--\n")
    .slice(0, -1)
    .map((r) => {
      const newline = r.indexOf("\n");
      const headerLine = r.slice(0, newline);
      const header = Object.fromEntries(headerLine.split(" ").map((kv) => kv.split(":") as [string, string]));
      return { header, headerLine, payload: r.slice(newline + 1) };
    });
}

/** Wait until `file` holds an event that `match` accepts; returns every event so far. */
function waitForEvent(file: string, what: string, match: (h: Heard) => boolean, timeoutMs = 10_000): Promise<Heard[]> {
  return waitUntil(what, () => (recorded(file).some(match) ? recorded(file) : undefined), timeoutMs);
}

const named = (name: string) => (h: Heard) => h.header.eventname === name;
/** `key:value` fields of a payload's first line. */
const fields = (payload: string) =>
  Object.fromEntries((payload.split("\n")[0] ?? "").split(" ").map((kv) => kv.split(":") as [string, string]));

/** The pid graced logged for the spawn of `name`. */
function spawnedPid(d: TestDaemon, name: string): number {
  const m = new RegExp(`spawned: '${name}' with pid (\\d+)`).exec(d.log);
  return Number(m?.[1]);
}

describe("event listeners: the protocol with a shell listener", () => {
  let d: TestDaemon;
  const dir = mkdtempSync(join(tmpdir(), "grace-events-"));
  const out = (name: string) => join(dir, `${name}.events`);
  const sections = `
[program:quick]
command = ${fixture("exits-after.sh")} 0.3 3
startsecs = 0
autorestart = false

[eventlistener:watch]
command = ${fixture("event-listener.sh")} ${out("watch")}
events = PROCESS_STATE_EXITED

[eventlistener:failing]
command = ${fixture("event-listener.sh")} ${out("failing")} fail-first
events = PROCESS_GROUP_ADDED

[eventlistener:dying]
command = ${fixture("event-listener.sh")} ${out("dying")} die-first
events = PROCESS_GROUP_ADDED
startsecs = 0

[eventlistener:groups]
command = ${fixture("event-listener.sh")} ${out("groups")}
events = PROCESS_GROUP
`;

  before(async () => {
    d = await startDaemon(sections);
  });
  after(async () => {
    await d?.stop();
  });

  it("a listener hears a program's exit as PROCESS_STATE_EXITED, in supervisord's header and payload", async () => {
    const quick = (h: Heard) => named("PROCESS_STATE_EXITED")(h) && h.payload.startsWith("processname:quick ");
    const events = await waitForEvent(out("watch"), "quick's EXITED event", quick);
    const exited = events.find(quick) as Heard;
    assert.deepEqual(
      { ...exited.header, serial: "N", poolserial: "N" },
      {
        ver: "3.0",
        server: "grace",
        serial: "N",
        pool: "watch",
        poolserial: "N",
        eventname: "PROCESS_STATE_EXITED",
        len: String(exited.payload.length),
      },
    );
    assert.equal(exited.payload, `processname:quick groupname:quick from_state:RUNNING expected:0 pid:${spawnedPid(d, "quick")}`);
    assert.deepEqual(
      events.map((h) => h.header.eventname),
      events.map(() => "PROCESS_STATE_EXITED"),
      "it subscribed to nothing else",
    );
  });

  it("listeners are processes: status shows them RUNNING", async () => {
    const info = await d.waitForState("watch:watch", "RUNNING");
    assert.ok(info.pid > 0);
  });

  it("a listener that answers FAIL gets the same event again", async () => {
    const events = await waitForEvent(out("failing"), "a second delivery", () => recorded(out("failing")).length >= 2);
    assert.equal(events[0]?.headerLine, events[1]?.headerLine);
    assert.equal(events[0]?.payload, events[1]?.payload);
    assert.match(d.log, /WARN failing: event 0 was rejected \("FAIL"\); the event goes back to the pool/);
  });

  it("a listener that dies holding an event gets it again once it is restarted", async () => {
    const events = await waitForEvent(out("dying"), "the event after the restart", () => recorded(out("dying")).length >= 2);
    assert.ok(existsSync(`${out("dying")}.died`), "the first one died without answering");
    assert.equal(events[0]?.headerLine, events[1]?.headerLine);
    assert.match(d.log, /dying: exited before it answered event 0; the event goes back to the pool/);
  });

  it("a reload tells PROCESS_GROUP_ADDED and PROCESS_GROUP_REMOVED", async () => {
    const late = `\n[program:late]\ncommand = sleep 1000\nstartsecs = 0\n`;
    const config = readFileSync(d.configPath, "utf8");
    writeFileSync(d.configPath, config + late);
    assert.equal((await d.ctl("update")).code, 0);
    await waitForEvent(out("groups"), "late's ADDED", (h) => h.payload === "groupname:late\n");
    writeFileSync(d.configPath, config);
    assert.equal((await d.ctl("update")).code, 0);
    const events = await waitForEvent(out("groups"), "late's REMOVED", named("PROCESS_GROUP_REMOVED"));
    assert.deepEqual(
      events.filter((h) => h.payload === "groupname:late\n").map((h) => h.header.eventname),
      ["PROCESS_GROUP_ADDED", "PROCESS_GROUP_REMOVED"],
    );
  });
});

describe("event listeners: a listener that never answers", () => {
  let d: TestDaemon;
  const dir = mkdtempSync(join(tmpdir(), "grace-events-"));
  const out = join(dir, "silent.events");

  before(async () => {
    d = await startDaemon(`
[program:talker]
command = ${fixture("ticks.sh")}
stdout_events_enabled = true
startsecs = 0

[eventlistener:silent]
command = ${fixture("event-listener.sh")} ${out} silent
events = PROCESS_LOG_STDOUT
buffer_size = 2
`);
  });
  after(async () => {
    await d?.stop();
  });

  it("its pool overflows: the oldest events are dropped and each drop is logged", async () => {
    const [first] = await waitForEvent(out, "its one event", named("PROCESS_LOG_STDOUT"));
    assert.match(first?.payload ?? "", /^processname:talker groupname:talker pid:\d+ channel:stdout\ntick \d+\n/);
    const serial = Number(first?.header.serial);
    // events that came after the one it holds are dropped, oldest first
    await waitUntil("a later event dropped", () => {
      const dropped = [...d.log.matchAll(/ERROR pool silent event buffer overflowed, discarding event (\d+) \(PROCESS_LOG_STDOUT\)/g)];
      return dropped.some((m) => Number(m[1]) > serial) ? true : undefined;
    });
    assert.equal(recorded(out).length, 1, "it got one event and never answered, so it got no other");
  });

  it("does not hold up gracectl status", async () => {
    const status = await d.ctl("status");
    assert.equal(status.code, 0);
    assert.match(status.stdout, /silent\s+RUNNING/);
    assert.match(status.stdout, /talker\s+RUNNING/);
  });

  it("does not hold up the shutdown: graced stops it and exits cleanly", async () => {
    const { code } = await d.stop();
    assert.equal(code, 0);
    assert.match(d.log, /stopped: silent \(terminated by SIGTERM\)/);
  });
});

describe("event listeners in a shutdown", () => {
  it("stop after every program, even at the same priority, and hear the programs stop", async () => {
    const dir = mkdtempSync(join(tmpdir(), "grace-events-"));
    const out = join(dir, "watch.events");
    const d = await startDaemon(`
[program:slow]
command = ${fixture("records-term.sh")} ${join(dir, "slow.log")} 0.5
startsecs = 0
priority = 999

[eventlistener:watch]
command = ${fixture("event-listener.sh")} ${out}
events = PROCESS_STATE_STOPPING, PROCESS_STATE_STOPPED, SUPERVISOR_STATE_CHANGE_STOPPING
priority = 999
startsecs = 0
`);
    try {
      await d.waitForState("slow:slow", "RUNNING");
      await d.waitForState("watch:watch", "RUNNING");
      const { code } = await d.stop();
      assert.equal(code, 0);
      const log = d.log;
      const slowStopped = log.indexOf("stopped: slow");
      const watchStopping = log.indexOf("waiting for watch to stop");
      assert.ok(slowStopped > 0 && watchStopping > slowStopped, `slow is gone before watch gets its signal:\n${log}`);
      const events = recorded(out).map((h) => `${h.header.eventname} ${fields(h.payload).processname ?? ""}`.trim());
      assert.deepEqual(events.slice(0, 2), ["SUPERVISOR_STATE_CHANGE_STOPPING", "PROCESS_STATE_STOPPING slow"]);
    } finally {
      await d.stop();
    }
  });
});

/** Debian's supervisor package puts supervisor.childutils in /usr/bin/python3's path (CI installs it). */
function pythonWithChildutils(): string | null {
  const python = "/usr/bin/python3";
  const probe = spawnSync(python, ["-c", "import supervisor.childutils"], { stdio: "ignore", timeout: 10_000 });
  return probe.status === 0 ? python : null;
}
const python = pythonWithChildutils();

describe("event listeners: supervisor.childutils", {
  skip: python ? false : "needs python3 with supervisor.childutils (Debian's supervisor package)",
}, () => {
  it("a childutils listener reads every event whole: state, non-ASCII output (len counts characters) and TICK_5", async () => {
    const dir = mkdtempSync(join(tmpdir(), "grace-events-"));
    const out = join(dir, "py.events");
    const d = await startDaemon(`
[program:hello]
command = /bin/echo héllo wörld
startsecs = 0
autorestart = false
stdout_events_enabled = true

[eventlistener:py]
command = ${python} ${fixture("childutils-listener.py")} ${out}
events = PROCESS_STATE_EXITED, PROCESS_LOG_STDOUT, TICK_5
`);
    try {
      const read = () =>
        existsSync(out)
          ? readFileSync(out, "utf8")
              .trim()
              .split("\n")
              .map((l) => JSON.parse(l) as { headers: Record<string, string>; payload: string })
          : [];
      const has = (name: string) => read().some((e) => e.headers.eventname === name);
      // TICK_5 comes at the next 5-second boundary: within 5 s of the listener's start
      await waitUntil(
        "the three kinds of event",
        () => (has("PROCESS_LOG_STDOUT") && has("PROCESS_STATE_EXITED") && has("TICK_5") ? true : undefined),
        15_000,
      );
      const events = read();
      const pid = spawnedPid(d, "hello");
      const log = events.find((e) => e.headers.eventname === "PROCESS_LOG_STDOUT");
      assert.equal(log?.payload, `processname:hello groupname:hello pid:${pid} channel:stdout\nhéllo wörld\n`);
      const exited = events.find((e) => e.headers.eventname === "PROCESS_STATE_EXITED");
      assert.equal(exited?.payload, `processname:hello groupname:hello from_state:RUNNING expected:1 pid:${pid}`);
      const tick = events.find((e) => e.headers.eventname === "TICK_5");
      assert.match(tick?.payload ?? "", /^when:\d+$/);
      assert.equal(Number(tick?.payload.slice(5)) % 5, 0);
      assert.deepEqual(
        events.map((e) => Number(e.headers.serial)),
        events.map((_, i) => i),
        "serials count up from 0, one per event",
      );
    } finally {
      await d.stop();
    }
  });
});

const SUPERVISORD = "/usr/bin/supervisord";

describe("event listeners: the same bytes as supervisord", {
  skip: existsSync(SUPERVISORD) ? false : "needs supervisord (Debian's supervisor package)",
}, () => {
  const children = new Set<ChildProcess>();
  after(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null && c.pid) process.kill(c.pid, "SIGKILL");
  });

  /** Start supervisord on `sections` in its own dir, until `done`; stops it by its pid. */
  async function underSupervisord(sections: string, done: () => boolean): Promise<string> {
    const dir = mkdtempSync(join(tmpdir(), "grace-supervisord-"));
    const conf = join(dir, "supervisord.conf");
    writeFileSync(
      conf,
      `[unix_http_server]\nfile = ${join(dir, "s.sock")}\n[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n[supervisord]\nlogfile = ${join(dir, "supervisord.log")}\npidfile = ${join(dir, "supervisord.pid")}\nchildlogdir = ${dir}\nidentifier = supervisor\n${sections}`,
    );
    const child = spawn(SUPERVISORD, ["-n", "-c", conf], { cwd: dir, stdio: "ignore" });
    children.add(child);
    const exited = new Promise((r) => child.once("exit", r));
    try {
      await waitUntil("supervisord's listener to record", () => (done() ? true : undefined), 15_000);
    } finally {
      if (child.pid) process.kill(child.pid, "SIGTERM");
      await exited;
    }
    return readFileSync(join(dir, "supervisord.log"), "utf8");
  }

  it("a listener records the same stream from both: groups added, RUNNING, a FAIL and its resend, a program's exit", async () => {
    const sections = (out: string) => `
[program:quick]
command = ${fixture("exits-after.sh")} 1.5 3
autorestart = false

[eventlistener:watch]
command = ${fixture("event-listener.sh")} ${out} fail-first
events = PROCESS_STATE_EXITED, PROCESS_GROUP, SUPERVISOR_STATE_CHANGE_RUNNING
`;
    const exitedIn = (file: string) => () => recorded(file).some(named("PROCESS_STATE_EXITED"));
    const theirs = join(mkdtempSync(join(tmpdir(), "grace-supervisord-")), "theirs.events");
    await underSupervisord(sections(theirs), exitedIn(theirs));
    const ours = join(mkdtempSync(join(tmpdir(), "grace-events-")), "ours.events");
    const d = await startDaemon(`[supervisord]\nidentifier = supervisor\n${sections(ours)}`);
    try {
      await waitUntil("graced's listener to record", () => (exitedIn(ours)() ? true : undefined), 15_000);
    } finally {
      await d.stop();
    }
    // up to the exit; pids (and so the len of a payload that carries one) differ between runs
    const upToExit = (file: string) => {
      const events = recorded(file);
      for (const e of events) assert.equal(Number(e.header.len), e.payload.length, `len of ${e.headerLine}`);
      const end = events.findIndex(named("PROCESS_STATE_EXITED"));
      return events.slice(0, end + 1).map((e) => `${e.headerLine.replace(/len:\d+/, "len:L")}\n${e.payload.replace(/pid:\d+/, "pid:P")}`);
    };
    const expected = upToExit(theirs);
    assert.equal(expected.length, 5, `supervisord's stream:\n${expected.join("\n--\n")}`);
    assert.deepEqual(upToExit(ours), expected);
  });
});

describe("SUPERVISOR_SERVER_URL", () => {
  it("names graced's socket as unix://PATH, or what a program's serverurl says", async () => {
    const dir = mkdtempSync(join(tmpdir(), "grace-events-"));
    const d = await startDaemon(`
[program:auto]
command = ${fixture("env-dump.sh")} ${join(dir, "auto.env")}

[program:own]
command = ${fixture("env-dump.sh")} ${join(dir, "own.env")}
serverurl = http://127.0.0.1:9001
`);
    try {
      const env = (name: string) =>
        waitUntil(`${name}'s environment`, () => {
          const file = join(dir, `${name}.env`);
          return existsSync(file) ? readFileSync(file, "utf8") : undefined;
        });
      assert.match(await env("auto"), new RegExp(`^SUPERVISOR_SERVER_URL=unix://${d.socket}$`, "m"));
      const own = await env("own");
      assert.match(own, /^SUPERVISOR_SERVER_URL=http:\/\/127\.0\.0\.1:9001$/m);
      assert.match(own, new RegExp(`^GRACE_SERVER_URL=unix://${d.socket}$`, "m"));
    } finally {
      await d.stop();
    }
  });
});
