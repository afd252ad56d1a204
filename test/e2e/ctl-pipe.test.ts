import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { fixture, GRACECTL } from "../helpers/paths.js";

type Ended = { code: number | null; stderr: string };

/** Run gracectl, close its stdout after the first chunk (as `| head -1` does), and wait for it. */
function runThenCloseStdout(args: string[]): Promise<Ended> {
  const child = spawn(GRACECTL, args, { env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout.once("data", () => child.stdout.destroy());
  const deadline = setTimeout(() => child.kill("SIGKILL"), 10_000);
  return new Promise((resolve) =>
    child.once("close", (code) => {
      clearTimeout(deadline);
      resolve({ code, stderr });
    }),
  );
}

// `gracectl tail -f web | head -1`: the reader goes away; gracectl must end quietly, not crash.
describe("gracectl when its reader closes the pipe", () => {
  let d: TestDaemon;
  before(async () => {
    d = await startDaemon(`
[program:ticker]
command = ${fixture("ticks.sh")}
startsecs = 0
`);
    await d.waitForState("ticker", "RUNNING");
  });
  after(() => d.stop());

  it("tail -f ends quietly with exit 0 and no stack trace", async () => {
    const ended = await runThenCloseStdout(["-s", `unix://${d.socket}`, "tail", "-f", "ticker"]);
    assert.doesNotMatch(ended.stderr, /EPIPE|at .*\(|Error/);
    assert.equal(ended.code, 0);
  });
});

/**
 * `gracectl ARGS | slow-reader` through a real pipe(2) made by sh: the reader starts only after
 * half a second, so the pipe (64 KiB) is full long before gracectl is done writing.
 * Resolves with everything the reader got and gracectl's own exit code.
 */
function pipeIntoSlowReader(args: string[]): Promise<{ out: string; code: number }> {
  const codeFile = join(mkdtempSync(join(tmpdir(), "grace-pipe-")), "code");
  const script = `{ "$@"; echo $? > "${codeFile}"; } | { sleep 0.5; cat; }`;
  return new Promise((resolve, reject) => {
    execFile(
      "sh",
      ["-c", script, "sh", GRACECTL, ...args],
      { env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024, timeout: 30_000 },
      (error, stdout) => {
        if (error) reject(error);
        else resolve({ out: stdout, code: Number(readFileSync(codeFile, "utf8")) });
      },
    );
  });
}

// `gracectl --json status | python3 -m json.tool`: output bigger than a pipe holds must arrive whole.
describe("gracectl output through a pipe to a slow reader", () => {
  const COUNT = 1000; // ≈1.1 MB of --json output from an answer under 1 MiB
  const LONG = "a-rather-long-process-name-so-that-each-status-entry-is-big-enough".repeat(2);
  let d: TestDaemon;
  before(async () => {
    d = await startDaemon(`
[program:many]
command = sleep 1000
process_name = %(program_name)s-${LONG}-%(process_num)04d
numprocs = ${COUNT}
autostart = false
`);
  });
  after(() => d.stop());

  it("--json status: every byte of a >1 MB answer arrives, and the exit code is status's 3", async () => {
    const { out, code } = await pipeIntoSlowReader(["-s", `unix://${d.socket}`, "--json", "status"]);
    assert.ok(out.length > 1024 * 1024, `only ${out.length} bytes`);
    const parsed = JSON.parse(out) as { processes?: unknown[] } | unknown[];
    const list = Array.isArray(parsed) ? parsed : (parsed.processes ?? []);
    assert.equal(list.length, COUNT);
    assert.equal(code, 3);
  });

  it("status whose reader leaves after the first chunk ends quietly with status's exit code", async () => {
    const ended = await runThenCloseStdout(["-s", `unix://${d.socket}`, "status"]);
    assert.equal(ended.stderr, "");
    assert.equal(ended.code, 3);
  });

  it("plain status: every line arrives", async () => {
    const { out, code } = await pipeIntoSlowReader(["-s", `unix://${d.socket}`, "status"]);
    const lines = out.split("\n").filter(Boolean);
    assert.equal(lines.length, COUNT);
    assert.match(lines.at(-1) ?? "", new RegExp(`^many:many-${LONG}-${String(COUNT - 1).padStart(4, "0")} +STOPPED`));
    assert.equal(code, 3);
  });
});
