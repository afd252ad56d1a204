import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { probeExec } from "./exec.js";
import { probeFile } from "./file.js";
import { probeHttp } from "./http.js";
import { probeTcp } from "./tcp.js";

/** Real loopback servers and processes; timeouts are the probes' own, never a sleep of the test. */
const HOST = "127.0.0.1";
const opts = { timeoutMs: 2000 };

async function listening<T extends Server | ReturnType<typeof createServer>>(server: T): Promise<{ server: T; port: number }> {
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  const address = server.address();
  return { server, port: typeof address === "object" && address ? address.port : 0 };
}

/** A port nobody listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const { server, port } = await listening(createServer());
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const aborted = () => {
  const c = new AbortController();
  c.abort();
  return c.signal;
};

/** Poll until `check` holds or the deadline passes (for a process to be reaped). */
async function until(what: string, check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const isGone = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.startsWith("Z") ?? true;
  } catch {
    return true;
  }
};

describe("probeTcp", () => {
  it("is ready when a connection is accepted", async () => {
    const { server, port } = await listening(createServer((s) => s.destroy()));
    after(() => server.close());
    assert.deepEqual(await probeTcp(HOST, port, opts), { ok: true });
  });

  it("says connection refused when nobody listens", async () => {
    const port = await closedPort();
    assert.deepEqual(await probeTcp(HOST, port, opts), { ok: false, reason: `${HOST}:${port}: connection refused` });
  });

  it("does nothing once aborted", async () => {
    assert.deepEqual(await probeTcp(HOST, 1, { timeoutMs: 2000, signal: aborted() }), { ok: false, reason: "aborted" });
  });

  it("leaves no connection open", async () => {
    const closed: Promise<void>[] = [];
    const { server, port } = await listening(createServer((s: Socket) => closed.push(new Promise((r) => s.once("close", r)))));
    after(() => server.close());
    assert.equal((await probeTcp(HOST, port, opts)).ok, true);
    await until("the server to see a connection", () => closed.length === 1);
    await closed[0];
  });
});

describe("probeHttp", () => {
  const paths: string[] = [];
  const held: Socket[] = [];
  const http = createHttpServer((req, res) => {
    paths.push(req.url ?? "");
    if (req.url === "/hang") {
      held.push(req.socket);
      return;
    }
    const status = Number(req.url?.slice(1).split("?")[0]) || 200;
    res.writeHead(status, status === 302 ? { location: "/" } : {});
    res.end("body never read");
  });
  const up = listening(http);
  after(async () => {
    for (const s of held) s.destroy();
    (await up).server.close();
  });

  const cases: [string, { ok: boolean; reason?: string }][] = [
    ["/200", { ok: true }],
    ["/204", { ok: true }],
    ["/302", { ok: true }],
    ["/404", { ok: false, reason: "GET /404: HTTP 404" }],
    ["/503?deep=1", { ok: false, reason: "GET /503?deep=1: HTTP 503" }],
  ];
  for (const [path, expected] of cases) {
    it(`GET ${path} → ${expected.ok ? "ready" : expected.reason}`, async () => {
      const { port } = await up;
      assert.deepEqual(await probeHttp(HOST, port, path, opts), expected);
      assert.equal(paths.at(-1), path);
    });
  }

  it("a server that never answers: not ready at the timeout, the connection closed", async () => {
    const { port } = await up;
    assert.deepEqual(await probeHttp(HOST, port, "/hang", { timeoutMs: 150 }), { ok: false, reason: "GET /hang: no answer within 150 ms" });
    const socket = held.at(-1) as Socket;
    await until("the held connection to close", () => socket.destroyed || socket.readableEnded);
  });

  it("says connection refused when nobody listens", async () => {
    assert.deepEqual(await probeHttp(HOST, await closedPort(), "/", opts), { ok: false, reason: "GET /: connection refused" });
  });

  it("an abort ends the request", async () => {
    const { port } = await up;
    const c = new AbortController();
    const probe = probeHttp(HOST, port, "/hang", { timeoutMs: 10_000, signal: c.signal });
    await until("the request to arrive", () => paths.filter((p) => p === "/hang").length === 2);
    c.abort();
    assert.deepEqual(await probe, { ok: false, reason: "GET /hang: aborted" });
  });
});

describe("probeExec", () => {
  it("tells `track` each check's pid, and untracks it once Node has reaped it (the orphan reaper must leave it)", async () => {
    const tracked = new Set<number>();
    let seen = 0;
    const track = (pid: number) => {
      tracked.add(pid);
      seen = pid;
      return () => tracked.delete(pid);
    };
    assert.deepEqual(await probeExec("true", { ...opts, track }), { ok: true });
    assert.ok(seen > 0, "the pid was told");
    assert.equal(tracked.size, 0, "untracked after its exit");
  });

  const dir = mkdtempSync(join(tmpdir(), "grace-probe-"));

  it("is ready when the command exits 0", async () => {
    assert.deepEqual(await probeExec("true", opts), { ok: true });
  });

  it("says the status and the last line of output otherwise", async () => {
    assert.deepEqual(await probeExec("sh -c 'echo starting; echo no database >&2; exit 3'", opts), {
      ok: false,
      reason: "sh exited with status 3: no database",
    });
  });

  it("runs in the given directory with the given environment", async () => {
    writeFileSync(join(dir, "marker"), "");
    const r = await probeExec(`sh -c 'test "$PROBE_X" = yes && test -f marker'`, {
      ...opts,
      cwd: dir,
      env: { PATH: process.env.PATH, PROBE_X: "yes" },
    });
    assert.deepEqual(r, { ok: true });
  });

  it("a check that succeeds but leaves a process holding its output is ready, not stuck", async () => {
    const pidFile = join(dir, "left");
    const r = await probeExec(`sh -c 'setsid sleep 30 & echo $! > ${pidFile}; exit 0'`, { timeoutMs: 300 });
    assert.deepEqual(r, { ok: true });
    const left = Number(readFileSync(pidFile, "utf8"));
    assert.equal(isGone(left), false, "settled while the process holding the pipes still ran");
    try {
      process.kill(left, "SIGKILL"); // started by this test: ended by pid
    } catch {
      // already gone
    }
  });

  it("a command that does not exist", async () => {
    assert.deepEqual(await probeExec("no-such-probe-command-x", opts), {
      ok: false,
      reason: "can't find command 'no-such-probe-command-x'",
    });
  });

  it("at the timeout the whole process group is killed and reaped before the probe settles", async () => {
    const pids = join(dir, "pids");
    const r = await probeExec(`sh -c 'sleep 30 >/dev/null 2>&1 & echo $$ $! > ${pids}; wait'`, { timeoutMs: 300 });
    assert.deepEqual(r, { ok: false, reason: "no answer within 300 ms" });
    const [shell, sleeper] = readFileSync(pids, "utf8").trim().split(" ").map(Number) as [number, number];
    assert.ok(isGone(shell), "the shell was reaped when the probe settled");
    await until("the backgrounded sleep to die", () => isGone(sleeper));
  });
});

describe("probeFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "grace-probe-file-"));
  writeFileSync(join(dir, "ready"), "");

  const cases: [string, string | undefined, boolean][] = [
    [join(dir, "ready"), undefined, true],
    [dir, undefined, true],
    ["ready", dir, true],
    [join(dir, "absent"), undefined, false],
  ];
  for (const [path, cwd, ok] of cases) {
    it(`${path.replace(dir, "DIR")}${cwd ? " from DIR" : ""} → ${ok ? "ready" : "not ready"}`, async () => {
      const r = await probeFile(path, { ...opts, cwd });
      assert.deepEqual(r, ok ? { ok: true } : { ok: false, reason: `${join(dir, "absent")} does not exist` });
    });
  }

  it("does nothing once aborted", async () => {
    assert.deepEqual(await probeFile(join(dir, "ready"), { timeoutMs: 1000, signal: aborted() }), { ok: false, reason: "aborted" });
  });
});
