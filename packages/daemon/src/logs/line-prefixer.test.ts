import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LinePrefixer } from "./line-prefixer.js";

/** Feed chunks, collect what comes out (null = nothing yet), then the flush. */
function run(chunks: string[]): { out: (string | null)[]; flushed: string | null } {
  const p = new LinePrefixer("web");
  const out = chunks.map((c) => p.push(Buffer.from(c))?.toString() ?? null);
  return { out, flushed: p.flush()?.toString() ?? null };
}

describe("LinePrefixer", () => {
  it("prefixes every whole line of a chunk", () => {
    assert.deepEqual(run(["a\nb\n"]), { out: ["web | a\nweb | b\n"], flushed: null });
  });
  it("holds a partial line until its newline arrives", () => {
    assert.deepEqual(run(["par", "ti", "al\nnext"]), { out: [null, null, "web | partial\n"], flushed: "web | next\n" });
  });
  it("keeps its own copy of a held partial line: the chunk's buffer is reused for the next read", () => {
    const p = new LinePrefixer("web");
    const buf = Buffer.from("a\npar");
    p.push(buf);
    buf.write("XXXXXX");
    assert.equal(p.push(Buffer.from("tial\n"))?.toString(), "web | partial\n");
    const whole = Buffer.from("held");
    p.push(whole);
    whole.fill("Y");
    assert.equal(p.flush()?.toString(), "web | held\n");
  });
  it("flushes a last line without newline with one added", () => {
    assert.deepEqual(run(["last words"]), { out: [null], flushed: "web | last words\n" });
  });
  it("keeps empty lines", () => {
    assert.deepEqual(run(["\n\n"]), { out: ["web | \nweb | \n"], flushed: null });
  });
  it("passes on a partial line that reaches 64 KiB, so output without newlines cannot grow graced", () => {
    const p = new LinePrefixer("web");
    assert.equal(p.push(Buffer.alloc(60 * 1024, "x")), null);
    const out = p.push(Buffer.alloc(4 * 1024, "y"))?.toString();
    assert.equal(out, `web | ${"x".repeat(60 * 1024)}${"y".repeat(4 * 1024)}\n`);
    assert.deepEqual(run(["ab", "cd\nef"]), { out: [null, "web | abcd\n"], flushed: "web | ef\n" });
  });
  it("counts the held bytes from the text after the last newline", () => {
    const p = new LinePrefixer("w", 1024, 4);
    assert.equal(p.push(Buffer.from("a\nbc"))?.toString(), "w | a\n");
    assert.equal(p.push(Buffer.from("d")), null);
    assert.equal(p.push(Buffer.from("e"))?.toString(), "w | bcde\n");
  });
  it("flushes nothing twice", () => {
    const p = new LinePrefixer("x");
    p.push(Buffer.from("a"));
    assert.equal(p.flush()?.toString(), "x | a\n");
    assert.equal(p.flush(), null);
  });
});

describe("LinePrefixer with any bytes", () => {
  const bytes = Buffer.from([0x00, 0x7f, 0x80, 0xc3, 0xa9, 0xff, 0x0a, 0xfe, 0x0a]);
  const expected = (p: string) => Buffer.concat([Buffer.from(`${p} | `), bytes.subarray(0, 7), Buffer.from(`${p} | `), bytes.subarray(7)]);

  it("passes bytes that are not UTF-8 through unchanged", () => {
    assert.deepEqual(new LinePrefixer("web").push(bytes), expected("web"));
  });
  it("keeps a non-ASCII program name's bytes", () => {
    assert.deepEqual(new LinePrefixer("café").push(bytes), expected("café"));
  });
  it("prefixes text too long for one string line by line, with the same result", () => {
    assert.deepEqual(new LinePrefixer("web", 4).push(bytes), expected("web"));
  });
});
