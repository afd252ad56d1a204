import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeFrame, FrameDecoder, FrameTooLargeError, InvalidUtf8Error } from "./framing.js";

const b = (s: string) => Buffer.from(s, "utf8");

describe("FrameDecoder", () => {
  const cases: { name: string; chunks: string[]; frames: string[] }[] = [
    { name: "one whole frame", chunks: ['{"a":1}\n'], frames: ['{"a":1}'] },
    { name: "a frame split across chunks", chunks: ['{"a"', ":1", "}\n"], frames: ['{"a":1}'] },
    { name: "two frames merged in one chunk", chunks: ['{"a":1}\n{"b":2}\n'], frames: ['{"a":1}', '{"b":2}'] },
    { name: "a merged chunk ending mid-frame", chunks: ['{"a":1}\n{"b"', ":2}\n"], frames: ['{"a":1}', '{"b":2}'] },
    { name: "blank lines are skipped", chunks: ["\n\n{}\n\n"], frames: ["{}"] },
    { name: "CRLF line ends are accepted", chunks: ["{}\r\n"], frames: ["{}"] },
    { name: "no newline yet gives nothing", chunks: ['{"a":1}'], frames: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const d = new FrameDecoder();
      const frames = c.chunks.flatMap((chunk) => d.push(b(chunk)));
      assert.deepEqual(frames, c.frames);
    });
  }

  it("keeps a multi-byte character that is split between chunks", () => {
    const d = new FrameDecoder();
    const bytes = b('"é"\n');
    assert.deepEqual(d.push(bytes.subarray(0, 2)), []);
    assert.deepEqual(d.push(bytes.subarray(2)), ['"é"']);
  });

  it("rejects an unterminated frame as soon as it passes the limit", () => {
    const d = new FrameDecoder(16);
    assert.deepEqual(d.push(b("x".repeat(16))), []);
    assert.throws(() => d.push(b("y")), FrameTooLargeError);
  });

  it("rejects a terminated frame over the limit", () => {
    const d = new FrameDecoder(8);
    assert.throws(() => d.push(b(`${"x".repeat(9)}\n`)), FrameTooLargeError);
  });

  it("accepts a frame exactly at the limit", () => {
    const d = new FrameDecoder(8);
    assert.deepEqual(d.push(b(`${"x".repeat(8)}\n`)), ["x".repeat(8)]);
  });

  it("rejects invalid UTF-8", () => {
    const d = new FrameDecoder();
    assert.throws(() => d.push(Buffer.from([0x22, 0xff, 0xfe, 0x22, 0x0a])), InvalidUtf8Error);
  });
});

describe("encodeFrame", () => {
  it("writes one line even when strings hold newlines", () => {
    const line = encodeFrame({ text: "a\nb" });
    assert.equal(line.indexOf("\n"), line.length - 1);
    assert.deepEqual(
      new FrameDecoder().push(b(line)).map((f) => JSON.parse(f)),
      [{ text: "a\nb" }],
    );
  });
});
