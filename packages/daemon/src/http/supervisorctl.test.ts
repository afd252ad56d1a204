import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { recordedState } from "../testing/recorded-state.js";
import { methodTable } from "../xmlrpc/methods.js";
import { DEFAULT_HTTP_LIMITS } from "./limits.js";
import { serveHttp } from "./serve.js";
import { sniffProtocol } from "./sniff.js";

/**
 * The real supervisorctl (Debian's supervisor package) and supervisor.childutils against the
 * HTTP side served by serveHttp over a Unix socket, with a fake daemon behind it. Skips, saying
 * why, where the package is missing; CI installs it.
 */
const CTL = "/usr/bin/supervisorctl";
const skip = existsSync(CTL) ? false : "needs supervisorctl (Debian's supervisor package)";

describe("supervisorctl against graced's HTTP side", { skip }, () => {
  const dir = mkdtempSync(join(tmpdir(), "grace-ctl-"));
  const sock = join(dir, "s.sock");
  const conf = join(dir, "ctl.conf");
  const fake = recordedState();
  let server: Server;
  const children = new Set<ChildProcess>();

  before(async () => {
    writeFileSync(conf, `[supervisorctl]\nserverurl=unix://${sock}\n`);
    const ctx = {
      backend: fake.backend,
      credentials: { username: null, password: null },
      table: methodTable(),
      limits: DEFAULT_HTTP_LIMITS,
    };
    server = createServer((socket) => {
      socket.once("data", (first: Buffer) => {
        if (sniffProtocol(first) === "http") serveHttp(socket, first, ctx, { maxQueuedBytes: 1024 * 1024 });
        else socket.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(sock, resolve));
  });

  after(async () => {
    for (const child of children) if (child.pid) process.kill(child.pid, "SIGKILL");
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs supervisorctl asynchronously: the server answering it lives in this process. */
  function ctl(...args: string[]): Promise<{ out: string; code: number | null }> {
    return new Promise((resolve) => {
      const child = spawn(CTL, ["-c", conf, ...args], { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      child.stdout.on("data", (b: Buffer) => {
        out += b;
      });
      child.stderr.on("data", (b: Buffer) => {
        out += b;
      });
      child.on("close", (code) => resolve({ out, code }));
    });
  }

  it("status lists every process with supervisord's columns and exits 3 when some are not running", async () => {
    const { out, code } = await ctl("status");
    const lines = out.trimEnd().split("\n");
    assert.deepEqual(
      lines.map((l) => l.split(/\s+/).slice(0, 2).join(" ")),
      ["idle STOPPED", "quick STOPPED", "web RUNNING", "worker:worker_0 RUNNING", "worker:worker_1 RUNNING"],
      out,
    );
    assert.match(lines[2], /^web\s+RUNNING\s+pid 4003, uptime 0:01:05$/);
    assert.match(lines[0], /^idle\s+STOPPED\s+Not started$/);
    assert.equal(code, 3);
  });

  it("version, pid and pid NAME", async () => {
    assert.deepEqual(await ctl("version"), { out: "0.1.0\n", code: 0 });
    assert.deepEqual(await ctl("pid"), { out: "4321\n", code: 0 });
    assert.deepEqual(await ctl("pid", "web"), { out: "4003\n", code: 0 });
  });

  it("a bad name, a process not running and a started one read as supervisorctl prints them", async () => {
    assert.deepEqual(await ctl("start", "nosuch"), { out: "nosuch: ERROR (no such process)\n", code: 1 });
    assert.equal((await ctl("stop", "idle")).out, "idle: ERROR (not running)\n");
    assert.equal((await ctl("start", "idle")).out, "idle: started\n");
    assert.equal((await ctl("signal", "HUP", "web")).out, "web: signalled\n");
  });

  it("tail and maintail read the ends of the logs", async () => {
    assert.deepEqual(await ctl("tail", "web"), { out: "hello\n\n", code: 0 });
    assert.deepEqual(await ctl("maintail"), { out: "graced started\n\n", code: 0 });
  });

  it("tail -f streams the log over GET /logtail until interrupted", async () => {
    const child = spawn(CTL, ["-c", conf, "tail", "-f", "web"], { stdio: ["ignore", "pipe", "pipe"] });
    children.add(child);
    let out = "";
    const seen = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${JSON.stringify(text)} within 10s; got ${JSON.stringify(out)}`)), 10_000);
        const check = () => {
          if (!out.includes(text)) return;
          clearTimeout(timer);
          child.stdout.off("data", onData);
          resolve();
        };
        const onData = (b: Buffer) => {
          out += b;
          check();
        };
        child.stdout.on("data", onData);
        check();
      });
    await seen("hello\n");
    fake.emit("web:web:stdout", "more output\n");
    await seen("more output\n");
    assert.ok(out.startsWith("==> Press Ctrl-C to exit <==\n"), out);
    process.kill(child.pid as number, "SIGINT");
    await new Promise((resolve) => child.once("close", resolve));
    children.delete(child);
    assert.equal(fake.followers.has("web:web:stdout"), false, "the stream let go of the log when the client left");
  });

  it("supervisor.childutils.getRPCInterface works with SUPERVISOR_SERVER_URL=unix://…", () => {
    const script = `import os
from supervisor import childutils
rpc = childutils.getRPCInterface(os.environ)
print(rpc.supervisor.getState()["statename"], rpc.supervisor.getAPIVersion())`;
    return new Promise<void>((resolve, reject) => {
      const child = spawn("/usr/bin/python3", ["-c", script], { env: { ...process.env, SUPERVISOR_SERVER_URL: `unix://${sock}` } });
      let out = "";
      child.stdout.on("data", (b: Buffer) => {
        out += b;
      });
      child.stderr.on("data", (b: Buffer) => {
        out += b;
      });
      child.on("close", () => {
        try {
          assert.equal(out, "RUNNING 3.0\n");
          resolve();
        } catch (e) {
          reject(e);
        }
      });
    });
  });

  it("shutdown asks graced to stop and says so", async () => {
    assert.deepEqual(await ctl("shutdown"), { out: "Shut down\n", code: 0 });
    assert.equal(fake.state.shuttingDown, true);
    assert.equal((await ctl("shutdown")).out, "ERROR: already shutting down\n");
  });
});
