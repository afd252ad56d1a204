import assert from "node:assert/strict";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runCtl } from "../helpers/daemon.js";
import { AS_NOBODY, isRoot, NO_STACK, NOBODY_UID, runGraced } from "../helpers/graced.js";
import { call } from "../helpers/rpc.js";
import { waitUntil } from "../helpers/wait.js";

/** A temp dir that `nobody` may enter, with a config that puts the socket at `socket` (or the default). */
function setup(socket: string | ((dir: string) => string) | null): { dir: string; conf: string; socket: string | null } {
  const dir = mkdtempSync(join(tmpdir(), "grace-sockpath-"));
  chmodSync(dir, 0o755);
  const path = typeof socket === "function" ? socket(dir) : socket;
  const conf = join(dir, "grace.conf");
  const server = path === null ? "" : `[unix_http_server]\nfile = ${path}\n`;
  writeFileSync(conf, `${server}[supervisord]\nchildlogdir = ${dir}\n`, { mode: 0o644 });
  return { dir, conf, socket: path };
}

/** graced starts and answers on its socket; then it is stopped. */
async function startsAndAnswers(conf: string, socket: string): Promise<void> {
  const run = runGraced(["-c", conf], { timeoutMs: 15_000 });
  try {
    // throws (failing the test) when graced never answers on the socket
    await waitUntil(
      `graced to answer on ${socket}`,
      () =>
        call(socket, "version", {}).then(
          () => true,
          () => undefined,
        ),
      5000,
    );
  } finally {
    await call(socket, "shutdown", {}).catch(() => {});
  }
  const exit = await run;
  assert.equal(exit.code, 0, exit.stderr);
}

describe("the socket's directory: refused when another user could replace the socket (SPEC §5)", () => {
  it("a directory left writable by group and others (mode 0777): exit 2, naming it, its owner and mode", async () => {
    const { dir, conf, socket } = setup((d) => join(d, "open", "grace.sock"));
    mkdirSync(join(dir, "open"));
    chmodSync(join(dir, "open"), 0o777);
    const run = await runGraced(["-c", conf]);
    assert.equal(run.code, 2, run.stderr);
    const uid = process.getuid?.() ?? 0;
    assert.match(
      run.stderr,
      new RegExp(`refusing to listen on ${socket}: ${dir}/open is writable by group and others \\(mode 0777, owner uid ${uid}\\)`),
    );
    assert.doesNotMatch(run.stderr, NO_STACK);
    assert.equal(existsSync(socket as string), false, "no socket was made there");
  });

  it("a directory owned by another user (nobody), even with mode 0700", { skip: isRoot ? false : "needs root (chown)" }, async () => {
    const { dir, conf, socket } = setup((d) => join(d, "theirs", "grace.sock"));
    mkdirSync(join(dir, "theirs"), { mode: 0o700 });
    chownSync(join(dir, "theirs"), NOBODY_UID, NOBODY_UID);
    const run = await runGraced(["-c", conf]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, new RegExp(`${dir}/theirs is owned by uid ${NOBODY_UID} \\(mode 0700\\), not by root`));
    assert.equal(existsSync(socket as string), false);
  });

  it("the default /tmp/grace-$UID pre-created 0777 by another user: graced (as nobody) refuses it", {
    skip: isRoot ? false : "needs root (setpriv, chown)",
  }, async () => {
    const squatted = `/tmp/grace-${NOBODY_UID}`;
    rmSync(squatted, { recursive: true, force: true });
    mkdirSync(squatted);
    chmodSync(squatted, 0o777);
    chownSync(squatted, 1, 1); // daemon: any user other than nobody
    try {
      const { conf } = setup(null);
      const env = { PATH: process.env.PATH ?? "/usr/bin:/bin" }; // no XDG_RUNTIME_DIR: the /tmp fallback
      const run = await runGraced(["-c", conf], { env, prefix: AS_NOBODY });
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, new RegExp(`refusing to listen on ${squatted}/grace.sock: ${squatted} is owned by uid 1 \\(mode 0777\\)`));
      assert.equal(existsSync(`${squatted}/grace.sock`), false);
    } finally {
      rmSync(squatted, { recursive: true, force: true });
    }
  });

  it("a safe directory inside a world-writable, non-sticky one (it could be renamed away)", async () => {
    const { dir, conf } = setup((d) => join(d, "shared", "app", "grace.sock"));
    mkdirSync(join(dir, "shared", "app"), { recursive: true, mode: 0o700 });
    chmodSync(join(dir, "shared"), 0o777);
    const run = await runGraced(["-c", conf]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, new RegExp(`${dir}/shared is writable by group and others \\(mode 0777`));
  });

  it("accepted: a sticky world-writable directory (like /tmp) as the socket's own directory", async () => {
    const { dir, conf, socket } = setup((d) => join(d, "sticky", "supervisor.sock"));
    mkdirSync(join(dir, "sticky"));
    chmodSync(join(dir, "sticky"), 0o1777);
    await startsAndAnswers(conf, socket as string);
  });

  it("accepted: a root-owned 0755 directory reached through a symlink (as /var/run → /run)", async () => {
    const { dir, conf, socket } = setup((d) => join(d, "varrun", "supervisor.sock"));
    mkdirSync(join(dir, "run"), { mode: 0o755 });
    symlinkSync(join(dir, "run"), join(dir, "varrun"));
    await startsAndAnswers(conf, socket as string);
  });
});

describe("gracectl sends a password only where no other user could have put the socket", () => {
  it("refuses -u/-p to a socket in a 0777 directory, and sends nothing; without a password it connects", async () => {
    const { dir } = setup(null);
    mkdirSync(join(dir, "open"));
    chmodSync(join(dir, "open"), 0o777);
    const sock = join(dir, "open", "grace.sock");
    const received: Buffer[] = [];
    let connections = 0;
    const impostor = createServer((s) => {
      connections++;
      s.on("data", (d: Buffer) => received.push(d));
    });
    await new Promise<void>((resolve) => impostor.listen(sock, resolve));
    try {
      const r = await runCtl(["-s", `unix://${sock}`, "--timeout", "1", "-u", "ops", "-p", "s3cret", "status"]);
      assert.equal(r.code, 4, r.stderr);
      assert.match(
        r.stderr,
        new RegExp(`cannot reach graced at ${sock}: refusing to send a password: ${dir}/open is writable by group and others \\(mode 0777`),
      );
      assert.equal(connections, 0, "gracectl did not even connect");
      assert.equal(Buffer.concat(received).includes("s3cret"), false);
      // no password, nothing to give away: gracectl talks (and times out on the silent impostor)
      const plain = await runCtl(["-s", `unix://${sock}`, "--timeout", "1", "status"]);
      assert.match(plain.stderr, /no answer within 1s/);
      assert.equal(connections, 1);
    } finally {
      await new Promise<void>((resolve) => impostor.close(() => resolve()));
    }
  });
});

describe("a socket path longer than the 107 bytes a Unix socket allows", () => {
  const longSocket = (dir: string) => join(dir, `${"s".repeat(120 - dir.length - 6)}.sock`);

  it("--check: a config error with file:line, exit 2", async () => {
    const { conf, socket } = setup(longSocket);
    assert.equal(Buffer.byteLength(socket as string), 120);
    const run = await runGraced(["-c", conf, "--check"]);
    assert.equal(run.code, 2, run.stdout);
    assert.match(
      run.stderr,
      new RegExp(`${conf}:2: \\[unix_http_server\\] file: "${socket}" is 120 bytes long; a Unix socket path may be at most 107 bytes`),
    );
  });

  it("at start: the same error, exit 2, no stack trace, and no socket at the cut path", async () => {
    const { conf, socket } = setup(longSocket);
    const run = await runGraced(["-c", conf]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /\[unix_http_server\] file: .* is 120 bytes long/);
    assert.doesNotMatch(run.stderr, NO_STACK);
    assert.equal(existsSync((socket as string).slice(0, 107)), false, "nothing listens at the first 107 bytes");
  });

  it("gracectl -s with such a path: a usage error naming it, exit 2", async () => {
    const socket = longSocket(setup(null).dir);
    const r = await runCtl(["-s", `unix://${socket}`, "status"]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stderr, `gracectl: the socket path "${socket}" is 120 bytes long; a Unix socket path may be at most 107 bytes\n`);
  });

  it("the default path under a long $XDG_RUNTIME_DIR: a clear error, exit 2", {
    skip: isRoot ? false : "needs root (setpriv)",
  }, async () => {
    const { dir, conf } = setup(null);
    const xdg = join(dir, "r".repeat(110 - dir.length));
    mkdirSync(xdg, { mode: 0o700 });
    chownSync(xdg, NOBODY_UID, NOBODY_UID);
    const run = await runGraced(["-c", conf], {
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", XDG_RUNTIME_DIR: xdg },
      prefix: AS_NOBODY,
    });
    assert.equal(run.code, 2, run.stderr);
    const bytes = Buffer.byteLength(`${xdg}/grace.sock`);
    assert.match(
      run.stderr,
      new RegExp(`the control socket path "${xdg}/grace.sock" is ${bytes} bytes long; a Unix socket path may be at most 107`),
    );
    assert.doesNotMatch(run.stderr, NO_STACK);
    assert.equal(existsSync(`${xdg}/grace.sock`.slice(0, 107)), false);
  });
});
