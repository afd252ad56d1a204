import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LogWatch } from "./log.js";

describe("LogWatch", () => {
  const cases: [string, string, (string | Buffer)[], boolean][] = [
    ["a complete matching line", "ready to accept", ["db: ready to accept connections\n"], true],
    ["a line split across chunks", "ready to accept", ["db: ready to ", "accept connections\n"], true],
    ["no match", "ready to accept", ["starting\n", "still starting\n"], false],
    ["a half line is not tested: its end may change the meaning", "^port \\d+$", ["port 80"], false],
    ["… and matches once complete", "^port \\d+$", ["port 80", "80\n"], true],
    ["CRLF line ends", "^done$", ["done\r\n"], true],
    [
      "a UTF-8 character split between chunks",
      "café prêt",
      [Buffer.from("café "), Buffer.from([0x70, 0x72, 0xc3]), Buffer.from([0xaa, 0x74, 0x0a])],
      true,
    ],
    ["many lines in one chunk", "^three$", ["one\ntwo\nthree\nfour\n"], true],
  ];
  for (const [name, pattern, chunks, expected] of cases) {
    it(name, () => {
      const w = new LogWatch(pattern);
      let last = false;
      for (const c of chunks) last = w.feed(c);
      assert.equal(last, expected);
      assert.equal(w.matched, expected);
    });
  }

  it("a line longer than the cap is tested by its beginning, and the rest of it dropped", () => {
    const w = new LogWatch("MARK", 1000);
    w.feed("x".repeat(600));
    w.feed(`${"x".repeat(600)}MARK`); // past the cap: dropped
    assert.equal(w.feed("MARK still the same line\n"), false);
    assert.equal(w.feed("MARK on a new line\n"), true);
  });

  it("a program that never writes a newline cannot make it hold more than the cap", () => {
    const w = new LogWatch("never", 1024);
    for (let i = 0; i < 1000; i++) w.feed("y".repeat(4096));
    assert.equal((w as unknown as { pending: string }).pending.length <= 1024, true);
  });

  it("wait() resolves when a later line matches, at once when one already did", async () => {
    const w = new LogWatch("^up$");
    const waiting = w.wait({ timeoutMs: 5000 });
    w.feed("up\n");
    assert.deepEqual(await waiting, { ok: true });
    assert.deepEqual(await w.wait({ timeoutMs: 0 }), { ok: true });
  });

  it("wait() fails at its timeout, naming the pattern", async () => {
    const w = new LogWatch("^up$");
    assert.deepEqual(await w.wait({ timeoutMs: 50 }), { ok: false, reason: "no line matched /^up$/: no answer within 50 ms" });
    assert.equal(w.feed("up\n"), true, "the watch still works after a timed-out wait");
  });

  it("wait() fails when aborted", async () => {
    const w = new LogWatch("^up$");
    const c = new AbortController();
    const waiting = w.wait({ timeoutMs: 5000, signal: c.signal });
    c.abort();
    assert.deepEqual(await waiting, { ok: false, reason: "no line matched /^up$/: aborted" });
  });
});
