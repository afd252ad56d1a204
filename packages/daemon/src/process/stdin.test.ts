import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fstatSync, mkdtempSync, openSync, readSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import type { ExitHandler } from "./spawner.js";
import { StdinPipes } from "./stdin.js";

/** A child that reads nothing of its stdin (what it is sent stays queued), and whose exit the test triggers. */
function child() {
  const stdin = new Writable({ write: () => {} });
  const exits: ExitHandler[] = [];
  const onExit = (h: ExitHandler) => {
    exits.push(h);
  };
  return {
    handle: { stdin, onExit },
    stdin,
    exit: () => {
      for (const h of exits) h(0, null);
    },
  };
}

describe("children's stdin pipes", () => {
  it("writes what it is given to the child's stdin", () => {
    const pipes = new StdinPipes();
    const c = child();
    pipes.attach("web:web", c.handle);
    assert.equal(pipes.write("web:web", Buffer.from("hello\n")), "written");
    assert.equal(c.stdin.writableLength, 6);
  });

  it("an unknown process, or one that exited, has no pipe", () => {
    const pipes = new StdinPipes();
    const c = child();
    pipes.attach("web:web", c.handle);
    assert.equal(pipes.write("nosuch:nosuch", Buffer.from("x")), "no-pipe");
    c.exit();
    assert.equal(pipes.write("web:web", Buffer.from("x")), "no-pipe");
  });

  it("a child that does not read holds at most the cap", () => {
    const pipes = new StdinPipes();
    const c = child();
    pipes.attach("web:web", c.handle);
    assert.equal(pipes.write("web:web", Buffer.alloc(60), 100), "written");
    assert.equal(pipes.write("web:web", Buffer.alloc(60), 100), "full");
    assert.equal(c.stdin.writableLength, 60, "the refused write was dropped");
  });

  it("a child spawned again replaces the old pipe, whose late close does not remove the new one", () => {
    const pipes = new StdinPipes();
    const first = child();
    const second = child();
    pipes.attach("web:web", first.handle);
    pipes.attach("web:web", second.handle);
    first.exit();
    assert.equal(pipes.write("web:web", Buffer.from("x")), "written");
  });

  it("a bare fd becomes a stream at the first write, and is closed at the exit either way", async () => {
    // a FIFO opened read-write stands in for the spawner's pipe (pipe(2) needs koffi)
    const fifo = join(mkdtempSync(join(tmpdir(), "grace-stdin-")), "fifo");
    execFileSync("mkfifo", [fifo]);
    const pipes = new StdinPipes();
    const written = { fd: openSync(fifo, "r+"), exits: [] as ExitHandler[] };
    pipes.attach("web:web", { stdinFd: written.fd, onExit: (h) => written.exits.push(h) });
    assert.equal(pipes.write("web:web", Buffer.from("hello\n")), "written");
    const reader = openSync(fifo, "r+");
    const got = Buffer.alloc(6);
    readSync(reader, got);
    assert.equal(got.toString(), "hello\n");
    for (const h of written.exits) h(0, null);
    assert.equal(pipes.write("web:web", Buffer.from("x")), "no-pipe");

    const idle = { fd: openSync(fifo, "r+"), exits: [] as ExitHandler[] };
    pipes.attach("idle:idle", { stdinFd: idle.fd, onExit: (h) => idle.exits.push(h) });
    for (const h of idle.exits) h(0, null);
    assert.throws(() => fstatSync(idle.fd), /EBADF/, "the exit closed the fd nobody wrote to");
  });
});
