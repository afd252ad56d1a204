import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { formatDiagnostic } from "@grace/ini";
import { readConfig } from "./load.js";

/** grace's issue-14 keys read from a real file: values, where problems are told, and the graph checks. */
const read = (text: string) => {
  const dir = mkdtempSync(join(tmpdir(), "grace-deps-"));
  writeFileSync(join(dir, "main.conf"), text);
  const result = readConfig(join(dir, "main.conf"), { env: { LATE: "90" }, host: "box" });
  return { config: result.config, problems: result.diagnostics.map((d) => formatDiagnostic(d).replaceAll(`${dir}/`, "")) };
};
const deps = (text: string) =>
  Object.fromEntries((read(text).config?.programs ?? []).map((p) => [p.name, p.dependsOn.map((d) => `${d.name}:${d.condition}`)]));

describe("depends_on", () => {
  it("a program's entries, and a group's for each member after the member's own", () => {
    const text = [
      "[group:backend]\nprograms=api,worker\ndepends_on=db:ready",
      "[program:api]\ncommand=x\ndepends_on=migrate:done",
      "[program:worker]\ncommand=x",
      "[program:db]\ncommand=x\nready_check=tcp:5432",
      "[program:migrate]\ncommand=x\nautorestart=false",
    ].join("\n");
    assert.deepEqual(deps(text), { api: ["migrate:done", "db:ready"], worker: ["db:ready"], db: [], migrate: [] });
    assert.deepEqual(read(text).problems, []);
  });

  it("a bad entry is an error with file:line and the value quoted", () => {
    assert.deepEqual(read("[program:a]\ncommand=x\ndepends_on=b:c:d").problems, [
      'main.conf:3: [program:a] depends_on: unknown condition "d" in "b:c:d": expected started, running, ready, done',
    ]);
  });

  it("a config without depends_on gets no dependency diagnostics at all", () => {
    assert.deepEqual(read("[program:a]\ncommand=x\nautostart=false\n[program:b]\ncommand=x").problems, []);
  });
});

describe("--check's graph diagnostics", () => {
  const cases: [string, string, string[]][] = [
    [
      "an unknown name, with did you mean",
      "[program:web]\ncommand=x\ndepends_on=dbb\n[program:db]\ncommand=x",
      ['main.conf:3: [program:web] depends_on: no program or group named "dbb" (did you mean "db"?)'],
    ],
    [
      "a typo in a condition",
      "[program:web]\ncommand=x\ndepends_on=db:redy\n[program:db]\ncommand=x",
      ['main.conf:3: [program:web] depends_on: unknown condition "redy" (did you mean "ready"?)'],
    ],
    [
      "a cycle, printed",
      "[program:web]\ncommand=x\ndepends_on=app\n[program:app]\ncommand=x\ndepends_on=db\n[program:db]\ncommand=x\ndepends_on=web",
      ["main.conf:3: [program:web] depends_on: dependency cycle: web → app → db → web (nothing in it could ever start)"],
    ],
    [
      "a program depending on itself",
      "[program:web]\ncommand=x\ndepends_on=web",
      ["main.conf:3: [program:web] depends_on: web depends on itself"],
    ],
    [
      "a group whose members wait for each other",
      "[group:g]\nprograms=a,b\ndepends_on=g\n[program:a]\ncommand=x\n[program:b]\ncommand=x",
      ["main.conf:3: [group:g] depends_on: g:a depends on itself"],
    ],
    [
      "a dependency on an autostart=false program (a warning)",
      "[program:web]\ncommand=x\ndepends_on=db\n[program:db]\ncommand=x\nautostart=false",
      [
        "main.conf:3: [program:web] depends_on: warning: db has autostart=false: what depends on it waits until it is started by hand (gracectl start db)",
      ],
    ],
    [
      "done on a program that always restarts",
      "[program:web]\ncommand=x\ndepends_on=migrate:done\n[program:migrate]\ncommand=x\nautorestart=true",
      [
        "main.conf:3: [program:web] depends_on: warning: migrate:done waits for an exit, but migrate has autorestart=true and runs again after each one",
      ],
    ],
    [
      "ready on a program without a ready_check (a note)",
      "[program:web]\ncommand=x\ndepends_on=db:ready\n[program:db]\ncommand=x",
      ["main.conf:3: [program:web] depends_on: note: db has no ready_check: db:ready is met once it is RUNNING"],
    ],
    [
      "a name with no process",
      "[program:web]\ncommand=x\ndepends_on=db\n[program:db]\ncommand=x\nnumprocs=0",
      [
        "main.conf:3: [program:web] depends_on: warning: db has no process (numprocs = 0): this dependency is always met",
        "main.conf:6: [program:db] numprocs: warning: numprocs = 0: this program has no process",
      ],
    ],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.deepEqual(read(text).problems.sort(), expected.sort()));
  }

  it("a numprocs program's problem is told once, not once per process", () => {
    const text = "[program:w]\ncommand=x\nnumprocs=3\nprocess_name=w%(process_num)d\ndepends_on=nope";
    assert.equal(read(text).problems.length, 1);
  });

  it("a cycle or an unknown name stops graced from loading the config", () => {
    assert.equal(read("[program:web]\ncommand=x\ndepends_on=web").config, undefined);
    assert.equal(read("[program:web]\ncommand=x\ndepends_on=nope").config, undefined);
  });
});

describe("supervisord-dependent-startup's keys", () => {
  const listener = "[eventlistener:dependentstartup]\ncommand=python -m supervisord_dependent_startup\nevents=PROCESS_STATE\n";

  it("are read into depends_on, the program autostarts, and the listener is skipped with a note", () => {
    const text = [
      listener,
      "[program:rsyslogd]\ncommand=x\nautostart=false\ndependent_startup=true",
      "[program:init]\ncommand=x\nautostart=false\nautorestart=false\nstartsecs=0\ndependent_startup=true",
      "[program:syncd]\ncommand=x\nautostart=false\ndependent_startup=true\ndependent_startup_wait_for=rsyslogd:running init:exited",
    ].join("\n");
    const { config, problems } = read(text);
    assert.deepEqual(
      config?.programs.map((p) => [p.name, p.autostart, p.dependsOn.map((d) => `${d.name}:${d.condition}`)]),
      [
        ["rsyslogd", true, []],
        ["init", true, []],
        ["syncd", true, ["rsyslogd:running", "init:done"]],
      ],
    );
    assert.deepEqual(problems, [
      "main.conf:1: [eventlistener:dependentstartup]: note: supervisord-dependent-startup's event listener is not needed: graced reads dependent_startup and dependent_startup_wait_for itself; section skipped",
    ]);
  });

  const cases: [string, string, string[], string[]][] = [
    ["no state means running", "a", ["a:running"], []],
    ["of several states the first met will do", "a:exited,starting", ["a:started"], []],
    ["states are case-insensitive", "a:RUNNING", ["a:running"], []],
    [
      "a state grace cannot wait for is dropped with a warning",
      "a:running,fatal",
      ["a:running"],
      ["graced does not start a program on another's FATAL; this state is ignored"],
    ],
    [
      "an entry with no usable state is dropped",
      "a:backoff",
      [],
      ["graced does not start a program on another's BACKOFF", "no state graced can wait for; this dependency is ignored"],
    ],
    ["an unknown state", "a:up", [], ["a:up: not a state of the plugin", "no state graced can wait for"]],
    ["a malformed entry", "a:running:x", [], ['expected NAME:STATE[,STATE], got "a:running:x"; ignored']],
  ];
  for (const [name, waitFor, expected, warnings] of cases) {
    it(`wait_for ${JSON.stringify(waitFor)}: ${name}`, () => {
      const text = `${listener}[program:a]\ncommand=x\n[program:b]\ncommand=x\nautostart=false\ndependent_startup=true\ndependent_startup_wait_for=${waitFor}\n`;
      const { config, problems } = read(text);
      assert.deepEqual(
        config?.programs.find((p) => p.name === "b")?.dependsOn.map((d) => `${d.name}:${d.condition}`),
        expected,
      );
      const told = problems.filter((p) => p.includes("warning"));
      assert.equal(told.length, warnings.length, told.join("\n"));
      for (const [i, w] of warnings.entries()) assert.ok(told[i]?.includes(w), `${told[i]} should say ${w}`);
      for (const t of told) assert.match(t, /^main.conf:10: \[program:b\] dependent_startup_wait_for: warning: /);
    });
  }

  it("without dependent_startup = true, wait_for is ignored with a warning", () => {
    const { config, problems } = read("[program:a]\ncommand=x\n[program:b]\ncommand=x\ndependent_startup_wait_for=a");
    assert.deepEqual(config?.programs[1]?.dependsOn, []);
    assert.deepEqual(problems, ["main.conf:5: [program:b] dependent_startup_wait_for: warning: ignored: dependent_startup is not true"]);
  });

  it("without the plugin's listener, graced says it starts the program anyway", () => {
    const { config, problems } = read("[program:b]\ncommand=x\nautostart=false\ndependent_startup=true");
    assert.equal(config?.programs[0]?.autostart, true);
    assert.match(
      problems.join(),
      /main.conf:4: \[program:b\] dependent_startup: warning: no \[eventlistener:…\] runs supervisord-dependent-startup/,
    );
  });

  it("a bad boolean is an error quoting it; inherit_priority is checked too", () => {
    assert.deepEqual(
      read(`${listener}[program:b]\ncommand=x\ndependent_startup=maybe\ndependent_startup_inherit_priority=often`).problems.slice(1),
      [
        'main.conf:6: [program:b] dependent_startup: expected a boolean (true/false/yes/no/on/off/1/0), got "maybe"',
        'main.conf:7: [program:b] dependent_startup_inherit_priority: expected a boolean (true/false/yes/no/on/off/1/0), got "often"',
      ],
    );
  });

  it("another event listener is read as a pool of listeners, without a note", () => {
    const { config, problems } = read("[eventlistener:crashmail]\ncommand=crashmail -a\nevents=PROCESS_STATE_EXITED\n");
    assert.deepEqual(problems, []);
    assert.deepEqual(
      config?.programs.map((p) => [p.name, p.listener?.events]),
      [["crashmail", ["PROCESS_STATE_EXITED"]]],
    );
  });
});

describe("readiness, escalation and drain keys", () => {
  it("are read with their values", () => {
    const text =
      "[supervisord]\nshutdown_drain=2.5\n[program:db]\ncommand=x\nready_check=tcp:127.0.0.1:5432\nready_interval=0.2\nready_timeout=0.5\nready_startsecs=30\nstop_escalation=INT@60%, QUIT@90%";
    const { config, problems } = read(text);
    const db = config?.programs[0];
    assert.deepEqual(problems, []);
    assert.equal(config?.daemon.shutdownDrain, 2.5);
    assert.deepEqual(
      [db?.readyCheck, db?.readyInterval, db?.readyTimeout, db?.readyStartsecs, db?.stopEscalation],
      [
        { kind: "tcp", host: "127.0.0.1", port: 5432 },
        0.2,
        0.5,
        30,
        [
          { signal: "INT", percent: 60 },
          { signal: "QUIT", percent: 90 },
        ],
      ],
    );
  });

  it("a percent sign in stop_escalation needs no %% (supervisord never reads the key); %% and %(ENV_X)s work too", () => {
    for (const value of ["INT@50%, QUIT@90%", "INT@50%%, QUIT@%(ENV_LATE)s%"]) {
      const { config, problems } = read(`[program:a]\ncommand=x\nstop_escalation=${value}`);
      assert.deepEqual(problems, []);
      assert.deepEqual(config?.programs[0]?.stopEscalation, [
        { signal: "INT", percent: 50 },
        { signal: "QUIT", percent: 90 },
      ]);
    }
  });

  const cases: [string, string, string[]][] = [
    [
      "a bad check",
      "[program:a]\ncommand=x\nready_check=port 80",
      [
        /* quoted */ 'main.conf:3: [program:a] ready_check: expected tcp:HOST:PORT, http://HOST:PORT/PATH, exec:COMMAND, log:REGEX or file:PATH, got "port 80"',
      ],
    ],
    [
      "a zero interval",
      "[program:a]\ncommand=x\nready_check=file:/x\nready_interval=0",
      ['main.conf:4: [program:a] ready_interval: expected more than 0 seconds, got "0"'],
    ],
    [
      "timings without a check",
      "[program:a]\ncommand=x\nready_timeout=3",
      ["main.conf:3: [program:a] ready_timeout: warning: ignored: this program has no ready_check"],
    ],
    [
      "a probe longer than the limit",
      "[program:a]\ncommand=x\nready_check=file:/x\nready_timeout=20\nready_startsecs=10",
      ["main.conf:4: [program:a] ready_timeout: warning: 20s is longer than ready_startsecs (10s): a slow probe is cut off by the limit"],
    ],
    [
      "a bad escalation",
      "[program:a]\ncommand=x\nstop_escalation=KILL@50%",
      ['main.conf:3: [program:a] stop_escalation: SIGKILL ends every grace period anyway; list only the signals before it, got "KILL@50%"'],
    ],
    [
      "a drain that eats the budget",
      "[supervisord]\nshutdown_timeout=5\nshutdown_drain=5\n[program:a]\ncommand=x",
      [
        "main.conf:3: [supervisord] shutdown_drain: warning: 5s leaves nothing of shutdown_timeout (5s) to stop the programs: every one would be SIGKILLed",
      ],
    ],
    ["a drain without a budget", "[supervisord]\nshutdown_timeout=0\nshutdown_drain=5\n[program:a]\ncommand=x", []],
    [
      "a bad drain",
      "[supervisord]\nshutdown_drain=soon\n[program:a]\ncommand=x",
      ['main.conf:2: [supervisord] shutdown_drain: expected a number of seconds such as 5 or 0.5, got "soon"'],
    ],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.deepEqual(read(text).problems, expected));
  }
});
