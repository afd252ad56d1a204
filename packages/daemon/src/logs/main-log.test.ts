import assert from "node:assert/strict";
import { EventEmitter } from "node:events";
import { describe, it } from "node:test";
import { MainLog } from "./main-log.js";
import type { Sink } from "./sink.js";

/** graced's stdout as a sink that records each write. */
function recordingSink(): Sink & { writes: string[] } {
  const writes: string[] = [];
  return Object.assign(new EventEmitter(), {
    path: "",
    writes,
    write: (chunk: Buffer) => writes.push(chunk.toString()) > 0,
    flush: () => Promise.resolve(),
    reopen: () => {},
    readTail: () => Promise.resolve({ data: Buffer.alloc(0), size: 0 }),
    clear: () => Promise.resolve(),
    close: () => Promise.resolve(),
  });
}

const onStdout = { logfile: null, logfileMaxbytes: 0, logfileBackups: 0 };

describe("MainLog", () => {
  it("hands the lines logged in one go to the sink in one write, in order", async () => {
    const stdout = recordingSink();
    const log = new MainLog(onStdout, { stdout, stderr: recordingSink() }, () => {});
    for (let i = 0; i < 1000; i++) log.write(`line ${i}\n`);
    assert.deepEqual(stdout.writes, [], "not one write per line");
    await Promise.resolve();
    assert.equal(stdout.writes.length, 1);
    assert.equal(stdout.writes[0], Array.from({ length: 1000 }, (_, i) => `line ${i}\n`).join(""));
  });

  it("loses no line at close, nor in what maintail shows", async () => {
    const stdout = recordingSink();
    const log = new MainLog(onStdout, { stdout, stderr: recordingSink() }, () => {});
    log.write("first\n");
    assert.equal((await log.tail(100)).data.toString(), "first\n");
    log.write("last\n");
    await log.close();
    assert.equal(stdout.writes.join(""), "first\nlast\n");
  });
});
