import assert from "node:assert/strict";
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
});
