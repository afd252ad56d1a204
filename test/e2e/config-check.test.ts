import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { FIXTURES, GRACED } from "../helpers/paths.js";

type Run = { code: number; stdout: string; stderr: string };

/** Run the built graced with a controlled environment (the fixtures expand ENV_ names). */
function graced(args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", GRACE_TEST_USER: "tester", ...opts.env };
  return new Promise((resolve) => {
    execFile(GRACED, args, { env, cwd: opts.cwd, timeout: 30_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const CONFIGS = join(FIXTURES, "configs");
const FIXTURE_CONFIGS = ["nginx-php-fpm", "gunicorn-celery-cron", "numprocs", "groups", "env-expansion", "includes/supervisord"];

describe("graced --check --json gives each fixture's expected model", () => {
  for (const name of FIXTURE_CONFIGS) {
    it(name, async () => {
      const run = await graced(["-c", join(CONFIGS, `${name}.conf`), "--check", "--json"]);
      assert.equal(run.code, 0, run.stderr);
      const expected = JSON.parse(readFileSync(join(CONFIGS, "expected", `${name.replace("/", "-")}.json`), "utf8"));
      assert.deepEqual(JSON.parse(run.stdout.replaceAll(CONFIGS, "<fixtures>")), expected);
    });
  }
});

/** A temp dir with the given files; returns the path of `main.conf` in it. */
function writeConfig(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), "grace-check-"));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return join(dir, "main.conf");
}

const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));

describe("malformed input gives a clean error and exit 2, never a stack trace", () => {
  const cases: [string, Record<string, string | Buffer>, RegExp][] = [
    ["binary garbage", { "main.conf": garbage }, /main.conf: is not a text file/],
    [
      "a 10 MB file",
      { "main.conf": `[program:x]\ncommand=${"a".repeat(10 * 1024 * 1024)}\n` },
      /main.conf: is 10.0 MB; a config file may be at most 4 MB/,
    ],
    ["a section with no name", { "main.conf": "[program:]\ncommand=x\n" }, /main.conf:1: \[program:\]: a section with no name/],
    [
      "an include cycle",
      { "main.conf": "[include]\nfiles=a.conf\n", "a.conf": "[include]\nfiles=main.conf\n" },
      /a.conf:2: \[include\] files: include cycle: /,
    ],
    [
      "a missing include",
      { "main.conf": "[include]\nfiles=gone.conf\n" },
      /main.conf:2: \[include\] files: included file not found: "gone.conf"/,
    ],
    [
      "an empty command",
      { "main.conf": "[program:x]\ncommand =\n" },
      /main.conf:2: \[program:x\] command: empty: every program needs a command/,
    ],
    [
      "a line before any section",
      { "main.conf": "command=x\n[program:x]\ncommand=y\n" },
      /main.conf:1: a line before the first \[section\]/,
    ],
  ];
  for (const [name, files, message] of cases) {
    it(name, async () => {
      const run = await graced(["-c", writeConfig(files), "--check"]);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /\n\s+at /);
    });
  }

  it("a missing config file", async () => {
    const run = await graced(["-c", "/nonexistent/grace.conf", "--check"]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /\/nonexistent\/grace.conf: cannot read: no such file/);
  });

  it("numprocs = 100000 stops graced from starting, the value quoted, before it builds a process", async () => {
    const run = await graced([
      "-c",
      writeConfig({ "main.conf": "[program:w]\ncommand=sleep 1000\nnumprocs=100000\nprocess_name=w_%(process_num)d\n" }),
    ]);
    assert.equal(run.code, 2);
    assert.match(
      run.stderr,
      /main.conf:3: \[program:w\] numprocs: numprocs = 100000 is too many: graced supervises at most 5000 processes/,
    );
  });

  it("the same errors stop graced from starting", async () => {
    const run = await graced(["-c", writeConfig({ "main.conf": "[program:x]\ncommand=x\nstartsecs=ten\n" })]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /main.conf:3: \[program:x\] startsecs: expected a non-negative integer, got "ten"/);
  });

  it("a time key past a Node timer's longest wait (24.8 days) is refused by --check and at start, the value quoted", async () => {
    const conf = writeConfig({ "main.conf": "[program:x]\ncommand=sleep 1000\nstopwaitsecs = 3000000\n" });
    for (const args of [["--check"], []]) {
      const run = await graced(["-c", conf, ...args]);
      assert.equal(run.code, 2, `graced ${args.join(" ")}: ${run.stderr}`);
      assert.match(run.stderr, /main.conf:3: \[program:x\] stopwaitsecs: expected at most 2147483 seconds \(24.8 days\), got "3000000"/);
      assert.doesNotMatch(run.stderr, /TimeoutOverflowWarning|\n\s+at /);
    }
  });
});

describe("graced --check reports every problem", () => {
  const broken =
    "[supervisord]\nloglevel=chatty\n[program:a]\ncommand=x\nnumproc=2\nstartsecs=ten\n[program:b]\ncommand=%(ENV_NOT_SET_X)s\n";

  it("all errors and warnings with file:line, errors first, exit 2", async () => {
    const run = await graced(["-c", writeConfig({ "main.conf": broken }), "--check"]);
    assert.equal(run.code, 2);
    const lines = run.stderr.trim().split("\n");
    assert.deepEqual(
      lines.map((l) => l.replace(/^.*main.conf/, "main.conf")),
      [
        'main.conf:2: [supervisord] loglevel: expected a log level (critical, error, warn, warning, info, debug, trace, blather), got "chatty"',
        'main.conf:6: [program:a] startsecs: expected a non-negative integer, got "ten"',
        "main.conf:8: [program:b] command: %(ENV_NOT_SET_X)s: the environment variable NOT_SET_X is not set (neither in graced's environment nor in an environment= key)",
        'main.conf:5: [program:a] numproc: warning: unknown key, ignored (did you mean "numprocs"?)',
        "main.conf: 3 errors, 1 warning",
      ],
    );
  });

  it("--json prints {errors: [...]} and exits 2", async () => {
    const run = await graced(["-c", writeConfig({ "main.conf": broken }), "--check", "--json"]);
    assert.equal(run.code, 2);
    assert.equal(JSON.parse(run.stdout).errors.length, 3);
  });

  it("warnings alone exit 0; --strict makes them fatal", async () => {
    const file = writeConfig({ "main.conf": "[program:a]\ncommand=x\nnumproc=2\n" });
    const lax = await graced(["-c", file, "--check"]);
    assert.equal(lax.code, 0);
    assert.match(lax.stdout, /main.conf: ok, 1 process, 1 warning/);
    const strict = await graced(["-c", file, "--check", "--strict"]);
    assert.equal(strict.code, 2);
  });
});

describe("config discovery and flags", () => {
  it("without -c, ./supervisord.conf is found", async () => {
    const file = writeConfig({ "supervisord.conf": "[program:found]\ncommand=x\n" });
    const run = await graced(["--check", "--json"], { cwd: join(file, "..") });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).programs[0].name, "found");
  });

  it("$GRACE_CONFIG wins over ./supervisord.conf", async () => {
    const file = writeConfig({ "supervisord.conf": "[program:local]\ncommand=x\n", "main.conf": "[program:named]\ncommand=x\n" });
    const run = await graced(["--check", "--json"], { cwd: join(file, ".."), env: { GRACE_CONFIG: file } });
    assert.equal(JSON.parse(run.stdout).programs[0].name, "named");
  });

  it("supervisord's flags are accepted; a bad value is a usage error naming the flag", async () => {
    const file = writeConfig({ "main.conf": "[program:a]\ncommand=x\n" });
    const ok = await graced(["-n", "-c", file, "-e", "debug", "-y", "5MB", "-k", "--check"]);
    assert.equal(ok.code, 0, ok.stderr);
    const bad = await graced(["-n", "-c", file, "-y", "lots", "--check"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /command line: --logfile_maxbytes: expected a byte size .* got "lots"/);
    const unknown = await graced(["-c", file, "--bogus"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown option '--bogus'/);
  });
});
