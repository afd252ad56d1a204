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
  it("flushes a last line without newline with one added", () => {
    assert.deepEqual(run(["last words"]), { out: [null], flushed: "web | last words\n" });
  });
  it("keeps empty lines", () => {
    assert.deepEqual(run(["\n\n"]), { out: ["web | \nweb | \n"], flushed: null });
  });
  it("flushes nothing twice", () => {
    const p = new LinePrefixer("x");
    p.push(Buffer.from("a"));
    assert.equal(p.flush()?.toString(), "x | a\n");
    assert.equal(p.flush(), null);
  });
});
