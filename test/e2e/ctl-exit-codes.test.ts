import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { runCtl, startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { fixture } from "../helpers/paths.js";
import { UP_IDLE_BROKEN } from "../helpers/programs.js";

// SPEC §6's exit-code table, one case per row and cause, against a real graced.
describe("gracectl exit codes", () => {
  let d: TestDaemon;
  before(async () => {
    d = await startDaemon(`${UP_IDLE_BROKEN}
[program:quitter]
command = ${fixture("exits-after.sh")} 0 1
autostart = false
startsecs = 1
startretries = 0
`);
    await d.waitForState("up", "RUNNING");
  });
  after(() => d.stop());

  const table: { row: string; args: string[]; code: number; out?: RegExp; err?: RegExp }[] = [
    { row: "0: status, all listed running", args: ["status", "up"], code: 0 },
    { row: "0: start of an already-started process", args: ["start", "up"], code: 0, out: /^up: ERROR \(already started\)$/m },
    { row: "0: stop of a stopped process", args: ["stop", "idle"], code: 0, out: /^idle: ERROR \(not running\)$/m },
    { row: "1: bad name", args: ["start", "nope"], code: 1, out: /^nope: ERROR \(no such process\)$/m },
    { row: "1: bad signal name", args: ["signal", "NOTASIG", "up"], code: 1, out: /^up: ERROR \(bad signal name\)$/m },
    { row: "1: unknown command", args: ["frobnicate"], code: 1, err: /unknown command 'frobnicate'/ },
    { row: "2: usage error, no arguments", args: ["stop"], code: 2, err: /missing required argument/ },
    { row: "2: usage error, bad option", args: ["status", "--bogus"], code: 2, err: /unknown option '--bogus'/ },
    {
      row: "2: usage error, bad --timeout",
      args: ["--timeout", "soon", "status"],
      code: 2,
      err: /--timeout expects a positive number of seconds up to 2147483, got "soon"/,
    },
    {
      // more than a timer holds: Node would fire it at once and the wait would "time out"
      row: "2: usage error, --timeout beyond 2147483 s",
      args: ["--timeout", "3000000", "wait", "up", "--for", "stopped"],
      code: 2,
      err: /--timeout expects a positive number of seconds up to 2147483, got "3000000"/,
    },
    { row: "2: no such group", args: ["stop", "nogroup:*"], code: 2, out: /^nogroup: ERROR \(no such group\)$/m },
    { row: "3: status with a STOPPED process", args: ["status", "idle", "up"], code: 3, out: /^idle +STOPPED/m },
    { row: "4: status of a bad name", args: ["status", "nope"], code: 4, out: /^nope: ERROR \(no such process\)$/m },
    { row: "7: spawn error", args: ["start", "broken"], code: 7, out: /^broken: ERROR \(spawn error\)$/m },
    { row: "7: abnormal termination", args: ["start", "quitter"], code: 7, out: /^quitter: ERROR \(abnormal termination\)$/m },
    { row: "7: signal of a process not running", args: ["signal", "HUP", "idle"], code: 7, out: /^idle: ERROR \(not running\)$/m },
    { row: "7: pid of a process not running", args: ["pid", "idle"], code: 7, out: /^0$/m },
  ];
  for (const t of table) {
    it(t.row, async () => {
      const r = await d.ctl(...t.args);
      assert.equal(r.code, t.code, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
      if (t.out) assert.match(r.stdout, t.out);
      if (t.err) assert.match(r.stderr, t.err);
      assert.doesNotMatch(r.stderr, /\n\s+at .+:\d+:\d+/); // never a stack trace
    });
  }

  it("0: the usage text (no command) exits 2, --help exits 0 and shows examples", async () => {
    assert.equal((await runCtl([])).code, 2);
    const help = await runCtl(["stop", "--help"]);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Examples:\n {2}gracectl stop web/);
  });

  it("4 for status and 7 for any other command when graced cannot be reached", async () => {
    const sock = `${d.dir}/nobody-listens.sock`;
    assert.equal((await runCtl(["-s", `unix://${sock}`, "status"])).code, 4);
    for (const verb of [
      ["stop", "all"],
      ["start", "x"],
      ["restart", "x"],
      ["signal", "HUP", "x"],
      ["pid"],
      ["version"],
      ["shutdown"],
      ["wait", "x", "--for", "running"],
    ]) {
      const r = await runCtl(["-s", `unix://${sock}`, ...verb]);
      assert.equal(r.code, 7, `${verb.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, /cannot reach graced at .*nobody-listens\.sock: no such file/);
    }
  });
});
