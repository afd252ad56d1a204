import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { type CtlResult, runCtl, startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { UP_IDLE_BROKEN } from "../helpers/programs.js";

/**
 * `gracectl status` and `health` are answered by a quick path (packages/ctl/src/quick.ts)
 * without the commander program. Any global option it does not read, such as `--timeout`,
 * sends the same command to the full CLI. Each case runs both ways against the same daemon
 * and must print the same bytes with the same exit code. A hook records which bundle files
 * were read, which proves the path each run took.
 */
const dir = mkdtempSync(join(tmpdir(), "grace-quick-"));
const hook = join(dir, "bundles.cjs");
writeFileSync(
  hook,
  `const fs = require("node:fs"); const read = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (typeof file === "string" && /gracectl[^/]*\\.cjs$/.test(file)) fs.appendFileSync(process.env.GRACE_TEST_BUNDLES, file.replace(/.*\\//, "") + "\\n");
  return read.call(this, file, ...rest);
};`,
);

type Run = CtlResult & { bundles: string[] };

let runs = 0;
async function run(args: string[]): Promise<Run> {
  const log = join(dir, `bundles-${runs++}.log`);
  writeFileSync(log, "");
  const r = await runCtl(args, { GRACE_TEST_BUNDLES: log }, [process.execPath, "-r", hook]);
  return { ...r, bundles: readFileSync(log, "utf8").split("\n").filter(Boolean) };
}

/** The clock may tick between the two runs. */
const steady = (text: string) => text.replace(/uptime \d+:\d\d:\d\d/g, "uptime H:MM:SS").replace(/"(now|uptime)": \d+/g, '"$1": N');

async function bothWays(args: string[], global: string[]): Promise<{ quick: Run; full: Run }> {
  const quick = await run([...global, ...args]);
  const full = await run(["--timeout", "5", ...global, ...args]);
  assert.deepEqual(quick.bundles, ["gracectl.cjs"], `the quick path read only its own bundle: ${quick.bundles}`);
  assert.ok(full.bundles.includes("gracectl-cli.cjs"), `the full CLI ran: ${full.bundles}`);
  assert.equal(quick.code, full.code, `exit codes; quick stderr: ${quick.stderr}; full stderr: ${full.stderr}`);
  assert.equal(steady(quick.stdout), steady(full.stdout));
  assert.equal(quick.stderr, full.stderr);
  return { quick, full };
}

describe("the quick path prints what the full CLI prints", () => {
  let d: TestDaemon;
  before(async () => {
    d = await startDaemon(`${UP_IDLE_BROKEN}
[program:unready]
command = sleep 1000
startsecs = 0
ready_check = file:/nonexistent/grace-never-ready
ready_interval = 0.2
ready_startsecs = 3600
`);
    await d.waitForState("up", "RUNNING");
    await d.waitForState("unready", "RUNNING");
  });
  after(() => d.stop());

  const cases: { args: string[]; code: number; out: RegExp; err?: RegExp }[] = [
    { args: ["status"], code: 3, out: /^up +RUNNING +pid \d+/m },
    { args: ["status", "up"], code: 0, out: /^up +RUNNING/ },
    { args: ["status", "idle", "up"], code: 3, out: /^idle +STOPPED/m },
    { args: ["status", "nope"], code: 4, out: /^nope: ERROR \(no such process\)$/m },
    { args: ["status", "nogroup:*"], code: 4, out: /^nogroup:\*: ERROR \(no such group\)$/m },
    { args: ["--json", "status", "up"], code: 0, out: /"statename": "RUNNING"/ },
    { args: ["health", "up"], code: 0, out: /^healthy: 1 process RUNNING$/m },
    { args: ["health"], code: 0, out: /^healthy: 2 processes RUNNING$/m },
    { args: ["health", "--ready"], code: 1, out: /^unhealthy: unready: not ready: / },
    { args: ["health", "idle", "nope"], code: 1, out: /^unhealthy: nope: no such process; idle: STOPPED/ },
    { args: ["--json", "health", "up"], code: 0, out: /"healthy": true/ },
  ];
  for (const via of ["-s", "-c"] as const) {
    for (const t of cases) {
      it(`${via} ${t.args.join(" ")}: exit ${t.code}`, async () => {
        const global = via === "-s" ? ["-s", `unix://${d.socket}`] : ["-c", d.configPath];
        const { quick } = await bothWays(t.args, global);
        assert.equal(quick.code, t.code, quick.stderr);
        assert.match(quick.stdout, t.out);
        assert.equal(quick.stderr, "");
      });
    }
  }
});

describe("the quick path fails as the full CLI fails", () => {
  it("no such socket: status 4, health 1, --json on stdout too", async () => {
    const socket = join(dir, "none.sock");
    for (const [args, code] of [
      [["status"], 4],
      [["health"], 1],
      [["--json", "status"], 4],
    ] as const) {
      const { quick } = await bothWays([...args], ["-s", `unix://${socket}`]);
      assert.equal(quick.code, code);
      assert.match(quick.stderr, new RegExp(`^gracectl: cannot reach graced at ${socket}: no such file \\(is graced running\\?\\)\\n$`));
    }
  });

  describe("a daemon that accepts but never answers", () => {
    const held: Socket[] = [];
    const socket = join(dir, "wedged.sock");
    const server = createServer((s) => held.push(s));
    before(() => new Promise<void>((resolve) => server.listen(socket, resolve)));
    after(() => {
      for (const s of held) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it("gives up after the default 5 s with the full CLI's words: health exits 1", async () => {
      const { quick } = await bothWays(["health"], ["-s", `unix://${socket}`]);
      assert.equal(quick.code, 1);
      assert.equal(quick.stderr, `gracectl: cannot reach graced at ${socket}: no answer within 5s (graced is not responding)\n`);
    });
  });

  it("a daemon that answers garbage and hangs up: graced closed the connection", async () => {
    const socket = join(dir, "garbage.sock");
    const served: Socket[] = [];
    const server = createServer((s) => {
      served.push(s.on("error", () => {}));
      s.end('not json\n{"jsonrpc":"2.0","id":99,"result":1}\n');
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      const { quick } = await bothWays(["status"], ["-s", `unix://${socket}`]);
      assert.equal(quick.code, 4);
      assert.equal(quick.stderr, `gracectl: cannot reach graced at ${socket}: graced closed the connection\n`);
    } finally {
      for (const s of served) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  describe("a daemon with a password", () => {
    let d: TestDaemon;
    before(async () => {
      d = await startDaemon("[program:one]\ncommand = sleep 1000\nstartsecs = 0\n", { server: "username = ops\npassword = s3cret\n" });
      const up = await d.ctl("-u", "ops", "-p", "s3cret", "--timeout", "5", "wait", "one", "--for", "running");
      assert.equal(up.code, 0, up.stderr);
    });
    after(() => d.stop());

    it("the config's credentials: served; wrong ones: unauthorized; none: unauthorized", async () => {
      for (const [password, code, err] of [
        ["s3cret", 0, /^$/],
        ["guess", 1, /unauthorized \(wrong username or password\)/],
      ] as const) {
        const conf = join(d.dir, `ctl-${password}.conf`);
        writeFileSync(conf, `[supervisorctl]\nserverurl = unix://${d.socket}\nusername = ops\npassword = ${password}\n`);
        const { quick } = await bothWays(["health"], ["-c", conf]);
        assert.equal(quick.code, code, quick.stderr);
        assert.match(quick.stderr, err);
      }
      const { quick } = await bothWays(["status"], ["-s", `unix://${d.socket}`]);
      assert.equal(quick.code, 4);
      assert.match(quick.stderr, /unauthorized \(authenticate first\)/);
    });
  });
});
