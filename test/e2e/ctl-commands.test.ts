import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { fixture, GRACECTL, ROOT } from "../helpers/paths.js";
import { UP_IDLE_BROKEN } from "../helpers/programs.js";
import { call } from "../helpers/rpc.js";
import { waitUntil } from "../helpers/wait.js";

/** Run gracectl on a pseudo-terminal (util-linux `script`), as an operator would. */
function onTerminal(args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; out: string }> {
  const line = [GRACECTL, ...args].map((a) => `'${a}'`).join(" ");
  const base = { ...process.env };
  delete base.NO_COLOR;
  delete base.FORCE_COLOR;
  return new Promise((resolve) => {
    execFile(
      "script",
      ["-qec", line, "/dev/null"],
      { env: { ...base, COLUMNS: "120", ...env } as NodeJS.ProcessEnv, timeout: 30_000 },
      (error, stdout) => {
        resolve({ code: error ? Number(error.code) : 0, out: stdout.replaceAll("\r", "") });
      },
    );
  });
}

describe("gracectl commands against a running graced", () => {
  let d: TestDaemon;
  const hupLog = () => join(d.dir, "hup.log");
  before(async () => {
    d = await startDaemon(`${UP_IDLE_BROKEN}
[program:hup]
command = sh -c 'trap "echo HUP >> %(here)s/hup.log" HUP; while :; do sleep 0.1; done'
startsecs = 0
`);
    await d.waitForState("up", "RUNNING");
    await d.waitForState("hup", "RUNNING");
  });
  after(() => d.stop());

  it("signal delivers the signal and prints name: signalled", async () => {
    const r = await d.ctl("signal", "SIGHUP", "hup");
    assert.deepEqual([r.code, r.stdout], [0, "hup: signalled\n"]);
    await waitUntil("HUP in the log", () => {
      try {
        return readFileSync(hupLog(), "utf8").includes("HUP") || undefined;
      } catch {
        return undefined;
      }
    });
    assert.equal((await d.info("hup")).statename, "RUNNING");
  });

  it("signal by number and with --json", async () => {
    const r = await d.ctl("--json", "signal", "1", "hup:*");
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), [{ name: "hup", group: "hup", fullName: "hup:hup", status: 80, description: "signalled" }]);
  });

  it("pid: graced's own, one process's, all", async () => {
    const daemonPid = (await call(d.socket, "version", {})).pid;
    assert.equal((await d.ctl("pid")).stdout, `${daemonPid}\n`);
    assert.equal((await d.ctl("pid", "up")).stdout, `${(await d.info("up")).pid}\n`);
    const all = await d.ctl("pid", "all");
    assert.equal(all.code, 7); // idle and broken have no pid
    assert.equal(all.stdout.trim().split("\n").length, 4);
    assert.deepEqual(JSON.parse((await d.ctl("--json", "pid")).stdout), { pid: daemonPid });
  });

  it("version prints graced's version; --json adds the client's", async () => {
    assert.equal((await d.ctl("version")).stdout, "0.1.0\n");
    const v = JSON.parse((await d.ctl("--json", "version")).stdout);
    assert.equal(v.client, "0.1.0");
    assert.equal(v.daemon.protocol, 1);
  });

  it("wait --for running returns once it runs; times out with exit 1; FATAL is exit 7", async () => {
    assert.deepEqual(await d.ctl("wait", "up", "--for", "running"), { code: 0, stdout: "up: running\n", stderr: "" });
    const r = await d.ctl("wait", "idle", "--for", "running", "--timeout", "0.3");
    assert.deepEqual([r.code, r.stdout], [1, "idle: ERROR (timed out waiting for running, state STOPPED)\n"]);
    const waiting = d.ctl("wait", "idle", "--for", "running", "--timeout", "10");
    await d.ctl("start", "idle");
    assert.deepEqual([(await waiting).code, (await waiting).stdout], [0, "idle: running\n"]);
    await d.ctl("start", "broken");
    assert.equal((await d.ctl("wait", "broken", "--for", "running")).code, 7);
    assert.equal((await d.ctl("wait", "broken", "--for", "stopped")).code, 0);
    await d.ctl("stop", "idle");
  });

  it("group:* and all name every member", async () => {
    assert.deepEqual((await d.ctl("restart", "up:*")).stdout, "up: stopped\nup: started\n");
    const r = await d.ctl("--json", "status", "all");
    assert.equal(JSON.parse(r.stdout).processes.length, 4);
  });

  it("--json on start/stop gives NameResult arrays", async () => {
    const r = await d.ctl("--json", "start", "idle", "nope");
    assert.equal(r.code, 1);
    const out = JSON.parse(r.stdout) as { fullName: string; status: number }[];
    assert.deepEqual(
      out.map((x) => [x.fullName, x.status]),
      [
        ["nope", 10],
        ["idle:idle", 80],
      ],
    );
    assert.equal(JSON.parse((await d.ctl("--json", "stop", "idle")).stdout)[0].description, "stopped");
  });

  it("status on a terminal is a table with coloured states; NO_COLOR and --no-color turn colour off", async () => {
    let r = await onTerminal(["-s", `unix://${d.socket}`, "status", "up"]);
    assert.equal(r.code, 0);
    assert.ok(r.out.includes("│ \x1b[32mRUNNING\x1b[39m │ pid "), r.out);
    r = await onTerminal(["-s", `unix://${d.socket}`, "status", "up"], { NO_COLOR: "1" });
    assert.match(r.out, /│ up +│ RUNNING │/);
    r = await onTerminal(["-s", `unix://${d.socket}`, "--no-color", "status", "up"]);
    assert.ok(!r.out.includes("\x1b[3"), r.out);
  });

  it("completion bash completes verbs, and names from the running graced", async () => {
    const script = (await d.ctl("completion", "bash")).stdout;
    const complete = (words: string[]) =>
      new Promise<string>((resolve, reject) => {
        const src = `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _gracectl; echo "\${COMPREPLY[*]}"`;
        execFile("bash", ["-c", src], { env: { ...process.env, PATH: `${join(ROOT, "bin")}:${process.env.PATH}` } }, (e, out) =>
          e ? reject(e) : resolve(out.trim()),
        );
      });
    assert.equal(await complete(["gracectl", "res"]), "restart");
    assert.deepEqual((await complete(["gracectl", "-s", `unix://${d.socket}`, "stop", ""])).split(" ").sort(), [
      "all",
      "broken",
      "hup",
      "idle",
      "up",
    ]);
    assert.equal(await complete(["gracectl", "-s", `unix://${d.socket}`, "signal", "HUP", "i"]), "idle");
  });
});

describe("live progress, watch and shutdown", () => {
  it("stop on a terminal shows each program's state against its grace period, then the result lines", async () => {
    const d = await startDaemon(`[program:slow]\ncommand = ${fixture("records-term.sh")} /dev/null 0.6\nstartsecs = 0\nstopwaitsecs = 7\n`);
    try {
      await d.waitForState("slow", "RUNNING");
      const r = await onTerminal(["-s", `unix://${d.socket}`, "stop", "all"]);
      assert.equal(r.code, 0);
      assert.match(r.out, /slow +STOPPING +\d\.\ds of 7s grace/);
      assert.ok(r.out.includes("\x1b[1A\x1b[0J"), r.out); // redrawn in place (\r removed above)
      assert.ok(r.out.trimEnd().endsWith("slow: stopped"), r.out);
    } finally {
      await d.stop();
    }
  });

  it("status --watch prints a line per state change as it happens, and ends on SIGINT with 0", async () => {
    const d = await startDaemon("[program:a]\ncommand = sleep 1000\nstartsecs = 0\n");
    try {
      await d.waitForState("a", "RUNNING");
      const watch = spawn(GRACECTL, ["-s", `unix://${d.socket}`, "status", "--watch"], { env: { ...process.env, NO_COLOR: "1" } });
      let out = "";
      watch.stdout.on("data", (c: Buffer) => {
        out += c.toString();
      });
      const exited = new Promise<number | null>((resolve) => watch.once("exit", (code) => resolve(code)));
      await waitUntil("the snapshot", () => (/^a +RUNNING/m.test(out) ? true : undefined));
      await d.ctl("stop", "a");
      await waitUntil("the STOPPED line", () => (/^a +STOPPED/m.test(out) ? true : undefined));
      assert.match(out, /^a +STOPPING/m);
      watch.kill("SIGINT");
      assert.equal(await exited, 0);
    } finally {
      await d.stop();
    }
  });

  it("status --watch exits 4 when graced goes away", async () => {
    const d = await startDaemon("[program:a]\ncommand = sleep 1000\nstartsecs = 0\n");
    const watch = spawn(GRACECTL, ["-s", `unix://${d.socket}`, "--json", "status", "--watch"]);
    let out = "";
    watch.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => watch.once("exit", (code) => resolve(code)));
    await waitUntil("the snapshot", () => (out.includes('"event":"snapshot"') ? true : undefined));
    await d.stop();
    assert.equal(await exited, 4);
    assert.match(out, /"event":"stateChange","from":"RUNNING"/);
  });

  it("shutdown prints each program's line as it stops, and returns once graced announces the end", async () => {
    const d = await startDaemon(
      `[program:slow]\ncommand = ${fixture("records-term.sh")} %(here)s/slow.log 1.5\nstartsecs = 0\n\n[program:quick]\ncommand = sleep 1000\nstartsecs = 0\n`,
    );
    await d.waitForState("slow", "RUNNING");
    await d.waitForState("quick", "RUNNING");
    const ctl = spawn(GRACECTL, ["-s", `unix://${d.socket}`, "shutdown"], { env: { ...process.env, NO_COLOR: "1" } });
    let out = "";
    ctl.stdout.on("data", (c: Buffer) => {
      out += c.toString();
    });
    const code = new Promise<number | null>((resolve) => ctl.once("exit", (c) => resolve(c)));
    await waitUntil("quick's line", () => (out.includes("quick: stopped\n") ? true : undefined));
    // printed as it happened: slow is still cleaning up
    assert.doesNotMatch(readFileSync(join(d.dir, "slow.log"), "utf8"), /^CLEANUP /m);
    assert.equal(await code, 0);
    assert.equal(out, "quick: stopped\nslow: stopped\nShut down\n");
    // gracectl returned on graced's announcement; graced then closed up, logged its final
    // line (its time covers the closing too) and exited 0
    assert.deepEqual(await d.exited, { code: 0, signal: null });
    assert.match(d.log, /shutdown complete in/);
  });

  it("shutdown --no-wait returns at once; --json shutdown lists what it stopped", async () => {
    let d = await startDaemon("[program:a]\ncommand = sleep 1000\nstartsecs = 0\n");
    await d.waitForState("a", "RUNNING");
    let r = await d.ctl("shutdown", "--no-wait");
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Shutdown requested \(graced pid \d+\)$/m);
    assert.equal((await d.exited).code, 0);
    d = await startDaemon("[program:a]\ncommand = sleep 1000\nstartsecs = 0\n");
    await d.waitForState("a", "RUNNING");
    r = await d.ctl("--json", "shutdown");
    const out = JSON.parse(r.stdout);
    assert.equal(out.waited, true);
    assert.deepEqual(
      out.processes.map((p: { name: string; killed: boolean }) => [p.name, p.killed]),
      [["a", false]],
    );
    assert.equal(out.exitStatus, 0);
    await d.exited;
  });
});

describe("group:* with a [group:x] section", () => {
  let d: TestDaemon;
  before(async () => {
    d = await startDaemon(`
[group:web]
programs = a, b

[program:a]
command = sleep 1000
startsecs = 0

[program:b]
command = sleep 1000
startsecs = 0

[program:other]
command = sleep 1000
startsecs = 0
`);
    await d.waitForState("web:a", "RUNNING");
    await d.waitForState("web:b", "RUNNING");
  });
  after(() => d.stop());

  it("pid, signal and stop reach every member and nothing else", async () => {
    const pids = (await d.ctl("pid", "web:*")).stdout.trim().split("\n");
    assert.deepEqual(pids, [String((await d.info("web:a")).pid), String((await d.info("web:b")).pid)]);
    assert.equal((await d.ctl("signal", "CONT", "web:*")).stdout, "web:a: signalled\nweb:b: signalled\n");
    const r = await d.ctl("stop", "web:*");
    assert.deepEqual([r.code, r.stdout], [0, "web:a: stopped\nweb:b: stopped\n"]);
    assert.equal((await d.info("other")).statename, "RUNNING");
    const status = await d.ctl("status", "web:*");
    assert.equal(status.code, 3);
    assert.match(status.stdout, /^web:a +STOPPED/m);
  });
});
