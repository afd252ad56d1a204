import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, it } from "node:test";
import { ConfigError, formatDiagnostic } from "@grace/ini";
import { loadConfig, readConfig } from "./load.js";

/** Write files into a fresh temp dir; returns the dir. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "grace-load-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const env = { HOME: "/home/u", PORT: "8000", EMPTY: "" };
const load = (text: string, more: Record<string, string> = {}) => {
  const dir = tree({ "main.conf": text, ...more });
  return { dir, config: loadConfig(join(dir, "main.conf"), { env, host: "box" }) };
};
/** The formatted problems of a config, without the temp dir. */
const problems = (text: string, more: Record<string, string> = {}) => {
  const dir = tree({ "main.conf": text, ...more });
  return readConfig(join(dir, "main.conf"), { env, host: "box" }).diagnostics.map((d) => formatDiagnostic(d).replaceAll(`${dir}/`, ""));
};

describe("programs and numprocs", () => {
  it("a numprocs template yields one process per number, expanded with widths", () => {
    const { config } = load(
      "[program:w]\ncommand=run --port %(process_num)d\nnumprocs=3\nnumprocs_start=8\nprocess_name=%(program_name)s-%(process_num)02d",
    );
    assert.deepEqual(
      config.programs.map((p) => [p.group, p.name, p.command]),
      [
        ["w", "w-08", "run --port 8"],
        ["w", "w-09", "run --port 9"],
        ["w", "w-10", "run --port 10"],
      ],
    );
  });

  it("numprocs > 1 without %(process_num) in process_name is an error, as in supervisord", () => {
    assert.match(
      problems("[program:w]\ncommand=x\nnumprocs=2").join("\n"),
      /main.conf:1: \[program:w\] process_name: numprocs = 2 needs a process_name containing %\(process_num\)/,
    );
  });

  it("a process_name with a slash or a colon is an error", () => {
    assert.match(problems("[program:w]\ncommand=x\nprocess_name=a/b").join(), /may not contain "\/"/);
  });

  it("a missing command is an error naming the section", () => {
    assert.deepEqual(problems("[program:w]\nautostart=false"), [
      "main.conf:1: [program:w] command: missing: every program needs a command",
    ]);
  });

  it("an empty command is an error at its line, written empty or expanded to nothing", () => {
    assert.deepEqual(problems("[program:w]\ncommand=\n[program:v]\ncommand =   \n[program:u]\ncommand=%(ENV_EMPTY)s"), [
      "main.conf:2: [program:w] command: empty: every program needs a command",
      "main.conf:4: [program:v] command: empty: every program needs a command",
      "main.conf:6: [program:u] command: empty: every program needs a command",
    ]);
  });

  it("numprocs above the process limit is an error that quotes it, and builds none of its processes", () => {
    const dir = tree({ "main.conf": "[program:w]\ncommand=x\nnumprocs = 100000\nprocess_name=w_%(process_num)d" });
    const read = readConfig(join(dir, "main.conf"), { env, host: "box" });
    assert.deepEqual(
      read.diagnostics.map((d) => formatDiagnostic(d).replaceAll(`${dir}/`, "")),
      [
        "main.conf:3: [program:w] numprocs: numprocs = 100000 is too many: graced supervises at most 5000 processes per config (a limit, not a supervisord rule; see docs/config.md)",
      ],
    );
  });

  it("processes of several programs together above the limit are one error at the largest program", () => {
    const text = ["a", "b", "c"]
      .map((n, i) => `[program:${n}]\ncommand=x\nnumprocs=${[2000, 3000, 1000][i]}\nprocess_name=%(program_name)s_%(process_num)d\n`)
      .join("\n");
    assert.deepEqual(problems(text), [
      "main.conf:6: [program:b]: this config defines 6000 processes (the most: [program:b] 3000, [program:a] 2000, [program:c] 1000): graced supervises at most 5000 processes per config (a limit, not a supervisord rule; see docs/config.md)",
    ]);
    assert.equal(load(text.replace("numprocs=3000", "numprocs=2000")).config.programs.length, 5000, "exactly the limit loads");
  });

  it("numprocs = 0 gives no process and a warning", () => {
    const { config } = load("[program:w]\ncommand=x\nnumprocs=0");
    assert.equal(config.programs.length, 0);
    assert.match(String(config.warnings.map(formatDiagnostic)), /numprocs = 0/);
  });

  it("supervisord's defaults, with grace's group signals", () => {
    const [p] = load("[program:w]\ncommand=x").config.programs;
    assert.deepEqual(
      [
        p?.priority,
        p?.autostart,
        p?.startsecs,
        p?.startretries,
        p?.autorestart,
        p?.exitcodes,
        p?.stopsignal,
        p?.stopwaitsecs,
        p?.stopasgroup,
        p?.killasgroup,
      ],
      [999, true, 1, 3, "unexpected", [0], "TERM", 10, true, true],
    );
  });

  const signals: [string, boolean, boolean][] = [
    ["stopasgroup=false", false, false],
    ["killasgroup=false", false, false],
    ["stopasgroup=false\nkillasgroup=true", false, true],
  ];
  for (const [keys, stop, kill] of signals) {
    it(`${keys.replace("\n", " ")} → stopasgroup=${stop} killasgroup=${kill}`, () => {
      const [p] = load(`[program:w]\ncommand=x\n${keys}`).config.programs;
      assert.deepEqual([p?.stopasgroup, p?.killasgroup], [stop, kill]);
    });
  }

  it("stopasgroup=true with killasgroup=false is an error, as in supervisord", () => {
    assert.match(
      problems("[program:w]\ncommand=x\nstopasgroup=true\nkillasgroup=false").join(),
      /stopasgroup = true needs killasgroup = true/,
    );
  });

  it("redirect_stderr drops the stderr log and warns about a named one", () => {
    const { config } = load("[program:w]\ncommand=x\nredirect_stderr=true\nstderr_logfile=/tmp/e.log");
    assert.equal(config.programs[0]?.stderr.logfile, null);
    assert.match(String(config.warnings.map(formatDiagnostic)), /stderr_logfile: warning: ignored: redirect_stderr/);
  });
});

describe("expansion", () => {
  it("ENV_, here, host_node_name, program and group names", () => {
    const { dir, config } = load("[program:w]\ncommand=%(here)s/run %(ENV_PORT)s %(host_node_name)s %(group_name)s %(program_name)s");
    assert.equal(config.programs[0]?.command, `${dir}/run 8000 box w w`);
  });

  it("[supervisord] environment feeds ENV_ names; a program's own environment too", () => {
    const { config } = load(
      "[supervisord]\nenvironment=APP=/srv/app\n[program:w]\nenvironment=LOG=%(ENV_APP)s/log\ncommand=run %(ENV_APP)s %(ENV_LOG)s",
    );
    assert.equal(config.programs[0]?.command, "run /srv/app /srv/app/log");
    assert.deepEqual(config.programs[0]?.environment, { LOG: "/srv/app/log" });
  });

  it("an unknown name is an error listing the names available", () => {
    assert.match(
      problems("[program:w]\ncommand=%(program)s").join(),
      /unknown name %\(program\)s; available names: group_name, here, host_node_name, numprocs, process_num, program_name, ENV_<VARIABLE>/,
    );
  });

  it("%% is a literal percent", () => {
    assert.equal(load("[program:w]\ncommand=date +%%s").config.programs[0]?.command, "date +%s");
  });
});

describe("groups", () => {
  const text =
    "[group:app]\nprograms=web,worker\npriority=50\n[program:web]\ncommand=w\npriority=10\n[program:worker]\ncommand=k\n[program:cron]\ncommand=c\npriority=5";
  it("members get the group, keep their own priority, and carry the group's", () => {
    const { config } = load(text);
    assert.deepEqual(
      config.programs.map((p) => [p.group, p.name, p.priority, p.groupPriority]),
      [
        ["app", "web", 10, 50],
        ["app", "worker", 999, 50],
        ["cron", "cron", 5, undefined],
      ],
    );
    assert.deepEqual(
      config.groups.map((g) => [g.name, g.priority, g.programs]),
      [
        ["app", 50, ["web", "worker"]],
        ["cron", 5, ["cron"]],
      ],
    );
  });

  it("a program in two groups runs in each, as in supervisord, with its problems reported once", () => {
    const dir = tree({ "main.conf": "[group:a]\nprograms=x\n[group:b]\nprograms=x\n[program:x]\ncommand=c\nnumproc=2" });
    const { config, diagnostics } = readConfig(join(dir, "main.conf"), { env });
    assert.deepEqual(
      config?.programs.map((p) => `${p.group}:${p.name}`),
      ["a:x", "b:x"],
    );
    assert.equal(diagnostics.length, 1);
  });

  it("a member that has no [program:x] section is an error with a hint", () => {
    assert.match(
      problems("[group:g]\nprograms=web,wbe\n[program:web]\ncommand=x").join(),
      /main.conf:2: \[group:g\] programs: no \[program:wbe\] section \(did you mean "web"\?\)/,
    );
  });
});

describe("includes", () => {
  it("globs relative to the including file, read in sorted order, later keys win", () => {
    const { dir, config } = load("[include]\nfiles=conf.d/*.conf\n[program:a]\ncommand=main\n", {
      "conf.d/20-b.conf": "[program:a]\ncommand=%(here)s/second",
      "conf.d/10-a.conf": "[program:a]\ncommand=first\n[program:c]\ncommand=c",
      "conf.d/skip.ini": "[program:z]\ncommand=z",
    });
    assert.deepEqual(
      config.programs.map((p) => [p.name, p.command]),
      [
        ["a", `${dir}/conf.d/second`],
        ["c", "c"],
      ],
    );
  });

  it("nested includes are followed; a cycle is an error", () => {
    const out = problems("[include]\nfiles=a.conf", { "a.conf": "[include]\nfiles=main.conf" });
    assert.equal(out.length, 1);
    assert.match(out[0] ?? "", /a.conf:2: \[include\] files: include cycle: .*main.conf -> .*a.conf -> .*main.conf/);
  });

  it("a missing file is an error; a glob that matches nothing is a warning", () => {
    assert.deepEqual(
      problems("[include]\nfiles=nope.conf empty/*.conf").map((l) => l.replace(/ \(.*\)$/, "")),
      [
        'main.conf:2: [include] files: included file not found: "nope.conf"',
        'main.conf:2: [include] files: warning: no file matches "empty/*.conf"',
      ],
    );
  });

  it("an [include] without files= is an error", () => {
    assert.match(problems("[include]\nfile=a.conf").join("\n"), /\[include\]: missing the files= key/);
  });
});

describe("sections and keys graced does not know", () => {
  const cases: [string, string, RegExp][] = [
    [
      "a typo in a key",
      "[program:w]\ncommand=x\nnumproc=2",
      /main.conf:3: \[program:w\] numproc: warning: unknown key, ignored \(did you mean "numprocs"\?\)/,
    ],
    [
      "a typo in a section",
      "[programs:w]\ncommand=x",
      /main.conf:1: \[programs:w\]: warning: unknown section, ignored \(did you mean \[program:w\]\?\)/,
    ],
    ["a fcgi-program", "[fcgi-program:f]\ncommand=x", /\[fcgi-program:f\]: warning: not supported yet/],
    ["a section with no name", "[program:]\ncommand=x", /main.conf:1: \[program:\]: a section with no name/],
    [
      "exit_on_fatal naming no program",
      "[supervisord]\nexit_on_fatal=wbe\n[program:web]\ncommand=x",
      /exit_on_fatal: warning: no program named "wbe" \(did you mean "web"\?\)/,
    ],
    [
      "a stopwaitsecs over the shutdown budget",
      "[supervisord]\nshutdown_timeout=5\n[program:w]\ncommand=x\nstopwaitsecs=30",
      /main.conf:5: \[program:w\] stopwaitsecs: warning: 30s is longer/,
    ],
  ];
  for (const [name, text, expected] of cases) it(name, () => assert.match(problems(text).join("\n"), expected));

  it("a rejected stopwaitsecs gets its error only, not a budget warning judged on the default", () => {
    assert.deepEqual(problems("[supervisord]\nshutdown_timeout=5\n[program:w]\ncommand=x\nstopwaitsecs=ten"), [
      'main.conf:5: [program:w] stopwaitsecs: expected a non-negative integer, got "ten"',
    ]);
  });

  it("rpcinterface and supervisorctl sections are accepted silently", () => {
    assert.deepEqual(
      problems("[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = x\n[supervisorctl]\nserverurl=unix:///tmp/s.sock"),
      [],
    );
  });
});

describe("time keys: at most 2147483 seconds, the longest a Node timer waits", () => {
  const errors = (text: string) => problems(text).filter((line) => !line.includes(": warning: ") && !line.includes(": note: "));
  /** Configs with one time key set to V; the error names its line, its section and the key. */
  const configs = [
    "[program:w]\ncommand=x\nstartsecs=V",
    "[program:w]\ncommand=x\nstopwaitsecs=V",
    "[program:w]\ncommand=x\nready_check=tcp:127.0.0.1:5432\nready_interval=V",
    "[program:w]\ncommand=x\nready_check=tcp:127.0.0.1:5432\nready_timeout=V",
    "[program:w]\ncommand=x\nready_check=tcp:127.0.0.1:5432\nready_startsecs=V",
    "[eventlistener:l]\ncommand=x\nevents=TICK_5\nstopwaitsecs=V",
    "[supervisord]\nshutdown_timeout=V\n[program:w]\ncommand=x",
    "[supervisord]\nshutdown_drain=V\n[program:w]\ncommand=x",
  ];
  for (const text of configs) {
    const lines = text.split("\n");
    const at = lines.findIndex((l) => l.endsWith("=V"));
    const key = lines[at]?.slice(0, -2);
    const section = lines
      .slice(0, at)
      .filter((l) => l.startsWith("["))
      .at(-1);
    it(`${section} ${key} = 2147483 is taken`, () => assert.deepEqual(errors(text.replace("V", "2147483")), []));
    it(`${section} ${key} = 2147484 is refused at its line, the value quoted`, () =>
      assert.deepEqual(errors(text.replace("V", "2147484")), [
        `main.conf:${at + 1}: ${section} ${key}: expected at most 2147483 seconds (24.8 days), got "2147484"`,
      ]));
  }
});

describe("[inet_http_server]", () => {
  it("is read: host, port and credentials as written", () => {
    const { config } = load("[inet_http_server]\nport = 127.0.0.1:%(ENV_PORT)s\nusername = u\npassword = {SHA}abc");
    assert.deepEqual(config.inet, { host: "127.0.0.1", port: 8000, username: "u", password: "{SHA}abc" });
  });

  it("every address with credentials is served", () => {
    const { config } = load("[inet_http_server]\nport = *:9001\nusername = u\npassword = p");
    assert.deepEqual(config.inet, { host: "", port: 9001, username: "u", password: "p" });
  });

  const cases: [string, string, string][] = [
    [
      "a non-loopback address without credentials",
      "[inet_http_server]\nport = 0.0.0.0:9001",
      'main.conf:2: [inet_http_server] port: "0.0.0.0" is not a loopback address, and without username and password anyone who reaches port 9001 could control every program: set username and password, or bind 127.0.0.1',
    ],
    [
      "a bare port (every address) without credentials",
      "[inet_http_server]\nport = 9001",
      "main.conf:2: [inet_http_server] port: every address is not a loopback address, and without username and password anyone who reaches port 9001 could control every program: set username and password, or bind 127.0.0.1",
    ],
    [
      "a port that is not a number",
      "[inet_http_server]\nport = localhost:http",
      'main.conf:2: [inet_http_server] port: expected HOST:PORT (such as 127.0.0.1:9001), got "localhost:http"',
    ],
    [
      "a port out of range",
      "[inet_http_server]\nport = 127.0.0.1:70000",
      'main.conf:2: [inet_http_server] port: the port must be 1 to 65535, got "127.0.0.1:70000"',
    ],
    [
      "no port",
      "[inet_http_server]\nusername = u\npassword = p",
      "main.conf:1: [inet_http_server]: required: the address to serve on, as HOST:PORT (such as 127.0.0.1:9001)",
    ],
    [
      "a username without a password",
      "[inet_http_server]\nport = 127.0.0.1:9001\nusername = u",
      "main.conf:3: [inet_http_server] username: set password too: HTTP Basic auth needs both",
    ],
  ];
  for (const [name, text, expected] of cases) it(`refuses ${name}, with file:line`, () => assert.deepEqual(problems(text), [expected]));
});

describe("every problem is reported, not only the first", () => {
  it("collects errors across sections and throws them together", () => {
    const dir = tree({
      "main.conf": "[supervisord]\nloglevel=chatty\n[program:a]\ncommand=x\nstartsecs=ten\n[program:b]\ncommand=y\nstopsignal=NOPE",
    });
    assert.throws(
      () => loadConfig(join(dir, "main.conf")),
      (e: unknown) => e instanceof ConfigError && e.diagnostics.map((d) => d.line).join(",") === "2,5,8",
    );
  });

  it("command-line overrides win over the file and are checked", () => {
    const dir = tree({ "main.conf": "[supervisord]\nloglevel=info\nlogfile_maxbytes=1MB" });
    const config = loadConfig(join(dir, "main.conf"), { overrides: { loglevel: "debug" } });
    assert.equal(config.daemon.loglevel, "debug");
    assert.equal(config.daemon.logfileMaxbytes, 1024 * 1024);
    const bad = readConfig(join(dir, "main.conf"), { overrides: { logfile_maxbytes: "lots" } });
    assert.match(String(bad.diagnostics.map(formatDiagnostic)), /^command line: --logfile_maxbytes: expected a byte size/);
  });
});

describe("log directories", () => {
  it("a log path in a directory that does not exist is a warning at load (supervisord refuses it)", () => {
    const text =
      "[supervisord]\nlogfile=/nonexistent-grace/d.log\nchildlogdir=/nonexistent-grace\n[program:a]\ncommand=x\nstdout_logfile=/nonexistent-grace/a.log\n[program:b]\ncommand=x\nstdout_logfile=/dev/stdout\nstderr_logfile=%(here)s/b.err";
    assert.deepEqual(problems(text), [
      'main.conf:2: [supervisord] logfile: warning: the directory of "/nonexistent-grace/d.log" does not exist; graced\'s own log will be dropped until it is created',
      'main.conf:3: [supervisord] childlogdir: warning: "/nonexistent-grace" is not an existing directory; AUTO program logs cannot be written there',
      'main.conf:6: [program:a] stdout_logfile: warning: the directory of "/nonexistent-grace/a.log" does not exist; a\'s stdout will be dropped until it is created',
    ]);
  });

  it("the socket's directory and the parents graced makes for it are no warning: they exist before any log", () => {
    const text =
      "[unix_http_server]\nfile=/nonexistent-grace/run/grace.sock\n[supervisord]\nlogfile=/nonexistent-grace/run/d.log\n" +
      "childlogdir=/nonexistent-grace/run\n[program:a]\ncommand=x\nstdout_logfile=/nonexistent-grace/a.log\n" +
      "stderr_logfile=/nonexistent-grace/elsewhere/a.err";
    assert.deepEqual(problems(text), [
      'main.conf:9: [program:a] stderr_logfile: warning: the directory of "/nonexistent-grace/elsewhere/a.err" does not exist; a\'s stderr will be dropped until it is created',
    ]);
  });
});

describe("a section header without its ]", () => {
  it("says so, since the keys below it land in the section above (as in ConfigParser)", () => {
    assert.deepEqual(problems("[program:a]\ncommand=/bin/a\n[program:b\ncommand=/bin/b"), [
      'main.conf:3: [program:a] [program: warning: a section header without its closing "]"? ("[program:b"); the lines below it still belong to [program:a]',
    ]);
  });
});
