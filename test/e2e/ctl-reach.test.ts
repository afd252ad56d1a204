import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { runCtl, startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { skipUnless } from "../helpers/needs.js";

const NO_STACK = /\n\s+at .+:\d+:\d+/;
const tmp = () => mkdtempSync(join(tmpdir(), "grace-reach-"));

describe("reaching graced: every failure names the socket and the reason", () => {
  it("no such file", async () => {
    const sock = join(tmp(), "none.sock");
    const r = await runCtl(["-s", `unix://${sock}`, "stop", "all"]);
    assert.equal(r.code, 7);
    assert.equal(r.stderr, `gracectl: cannot reach graced at ${sock}: no such file (is graced running?)\n`);
  });

  it("a stale socket file (nobody listens): connection refused", { skip: skipUnless("tool:python3") }, async () => {
    const sock = join(tmp(), "stale.sock");
    // a socket file whose owner is gone: bound by a process that exits without unlinking it
    execFileSync("python3", ["-c", `import socket; socket.socket(socket.AF_UNIX).bind(${JSON.stringify(sock)})`]);
    const r = await runCtl(["-s", `unix://${sock}`, "status"]);
    assert.equal(r.code, 4);
    assert.match(r.stderr, new RegExp(`cannot reach graced at ${sock}: connection refused \\(stale socket`));
    assert.doesNotMatch(r.stderr, NO_STACK);
  });

  it("a socket the user may not open: permission denied (client run as nobody)", { skip: skipUnless("root", "tool:setpriv") }, async () => {
    const d = await startDaemon("[program:one]\ncommand = sleep 1000\nstartsecs = 0\n");
    try {
      chmodSync(d.dir, 0o755); // the directory is searchable; the socket itself is 0700 root
      const asNobody = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"];
      const r = await runCtl(["-s", `unix://${d.socket}`, "stop", "all"], {}, asNobody);
      assert.equal(r.code, 7, r.stderr);
      assert.equal(r.stderr, `gracectl: cannot reach graced at ${d.socket}: permission denied\n`);
      assert.equal((await d.info("one")).statename, "RUNNING");
    } finally {
      await d.stop();
    }
  });

  describe("a daemon that accepts but never answers", () => {
    const held: Socket[] = [];
    const sock = join(tmp(), "wedged.sock");
    const server = createServer((s) => held.push(s)); // reads, never writes
    before(() => new Promise<void>((resolve) => server.listen(sock, resolve)));
    after(() => {
      for (const s of held) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it("status times out at --timeout with exit 4", async () => {
      const r = await runCtl(["-s", `unix://${sock}`, "--timeout", "1", "status"]);
      assert.equal(r.code, 4);
      assert.equal(r.stderr, `gracectl: cannot reach graced at ${sock}: no answer within 1s (graced is not responding)\n`);
    });

    it("stop all gives up by itself (default timeouts), exit 7", async () => {
      const r = await runCtl(["-s", `unix://${sock}`, "stop", "all"]);
      assert.equal(r.code, 7);
      assert.match(r.stderr, /no answer within 5s \(graced is not responding\)/);
    });

    it("--json puts the error on stdout too", async () => {
      const r = await runCtl(["-s", `unix://${sock}`, "--timeout", "0.5", "--json", "pid"]);
      assert.equal(r.code, 7);
      assert.deepEqual(JSON.parse(r.stdout), {
        error: {
          kind: "unreachable",
          socket: sock,
          exitCode: 7,
          message: `cannot reach graced at ${sock}: no answer within 0.5s (graced is not responding)`,
        },
      });
    });
  });
});

describe("socket resolution", () => {
  let d: TestDaemon;
  before(async () => {
    d = await startDaemon("[program:one]\ncommand = sleep 1000\nstartsecs = 0\n");
    await d.waitForState("one", "RUNNING");
  });
  after(() => d.stop());

  it("$GRACE_SOCKET, as a URL or a path", async () => {
    for (const value of [`unix://${d.socket}`, d.socket]) {
      const r = await runCtl(["status"], { GRACE_SOCKET: value });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^one +RUNNING/);
    }
  });

  it("-s wins over $GRACE_SOCKET, which wins over the config", async () => {
    const elsewhere = join(tmp(), "elsewhere.sock");
    let r = await runCtl(["-s", `unix://${elsewhere}`, "status"], { GRACE_SOCKET: d.socket });
    assert.match(r.stderr, new RegExp(`at ${elsewhere}:`));
    const conf = join(tmp(), "other.conf");
    writeFileSync(conf, `[supervisorctl]\nserverurl = unix://${elsewhere}\n`);
    r = await runCtl(["-c", conf, "status"], { GRACE_SOCKET: d.socket });
    assert.equal(r.code, 0, r.stderr);
    r = await runCtl(["-c", conf, "status"]);
    assert.match(r.stderr, new RegExp(`at ${elsewhere}:`));
  });

  it("a bad -s is a usage error naming the value", async () => {
    const r = await runCtl(["-s", "http://localhost:9001", "status"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /-s expects unix:\/\/\/path\/to\.sock, got "http:\/\/localhost:9001"/);
  });
});

describe("auth: [unix_http_server] username and password", () => {
  for (const [kind, stored] of [
    ["plain", "s3cret"],
    ["{SHA}", `{SHA}${createHash("sha1").update("s3cret").digest("hex")}`],
  ] as const) {
    describe(`with a ${kind} password`, () => {
      let d: TestDaemon;
      before(async () => {
        d = await startDaemon("[program:one]\ncommand = sleep 1000\nstartsecs = 0\n", { server: `username = ops\npassword = ${stored}\n` });
      });
      after(() => d.stop());

      it("without credentials: unauthorized, exit 7 (status 4)", async () => {
        let r = await d.ctl("stop", "all");
        assert.equal(r.code, 7);
        assert.match(r.stderr, new RegExp(`cannot reach graced at ${d.socket}: unauthorized \\(authenticate first\\)`));
        r = await d.ctl("status");
        assert.equal(r.code, 4);
      });

      it("with a wrong password: unauthorized", async () => {
        const r = await d.ctl("-u", "ops", "-p", "guess", "status");
        assert.equal(r.code, 4);
        assert.match(r.stderr, /unauthorized \(wrong username or password\)/);
      });

      it("with -u/-p, or the config's [supervisorctl] credentials: served", async () => {
        let r = await d.ctl("-u", "ops", "-p", "s3cret", "pid", "one");
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /^\d+$/m);
        writeFileSync(`${d.dir}/ctl.conf`, `[supervisorctl]\nserverurl = unix://${d.socket}\nusername = ops\npassword = s3cret\n`);
        r = await runCtl(["-c", `${d.dir}/ctl.conf`, "status"]);
        assert.equal(r.code, 0, r.stderr);
      });
    });
  }

  it("without credentials graced logs once that file permissions are the boundary", async () => {
    const d = await startDaemon("");
    try {
      await d.ctl("status");
      await d.ctl("status");
      assert.equal(d.log.match(/the socket's file permissions \(mode 0700\) are the only access control/g)?.length, 1);
    } finally {
      await d.stop();
    }
  });
});
