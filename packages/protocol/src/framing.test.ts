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

  it("keeps a multi-byte character split across the blocks an unfinished frame is held in", () => {
    const d = new FrameDecoder();
    const bytes = b(`${"x".repeat(255)}é${"y".repeat(300)}\n`);
    for (const byte of bytes.subarray(0, -1)) d.push(Buffer.from([byte]));
    assert.deepEqual(d.push(b("\n")), [`${"x".repeat(255)}é${"y".repeat(300)}`]);
  });

  it("rejects invalid UTF-8 held across blocks, then decodes the next frame", () => {
    const d = new FrameDecoder();
    d.push(b("x".repeat(300)));
    d.push(Buffer.from([0xff]));
    assert.throws(() => d.push(b("\n")), InvalidUtf8Error);
    assert.deepEqual(d.push(b('"ok"\n')), ['"ok"']);
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

  it("rejects a frame that passes the limit only across chunks", () => {
    const d = new FrameDecoder(16);
    assert.deepEqual(d.push(b("x".repeat(10))), []);
    assert.throws(() => d.push(b(`${"y".repeat(7)}\n`)), FrameTooLargeError);
    assert.equal(d.buffered, 0, "nothing is held after the error");
  });

  it("accepts a frame at the limit assembled from one-byte chunks", () => {
    const d = new FrameDecoder(64);
    for (let i = 0; i < 64; i++) assert.deepEqual(d.push(b("z")), []);
    assert.deepEqual(d.push(b("\n")), ["z".repeat(64)]);
  });

  it("copies small chunks of an unfinished frame, so the chunks they came in are not kept", () => {
    const d = new FrameDecoder();
    const chunk = b('{"a":');
    d.push(chunk);
    chunk.fill(0x20); // the socket's buffer is reused or freed; the frame must not change
    assert.deepEqual(d.push(b("1}\n")), ['{"a":1}']);
  });

  it("holds one-byte chunks in blocks at most twice their size", () => {
    const d = new FrameDecoder();
    for (let i = 0; i < 10_000; i++) d.push(b("x"));
    assert.equal(d.buffered, 10_000);
    assert.ok(d.capacity >= 10_000 && d.capacity <= 20_000, `capacity ${d.capacity}`);
  });

  it("keeps big chunks as they came, without copying them", () => {
    const d = new FrameDecoder();
    const big = b("y".repeat(8192));
    d.push(b("x"));
    d.push(big);
    d.push(b("z"));
    assert.equal(d.buffered, 8194);
    assert.equal(d.capacity, 8192 + 2 * 256); // the chunk itself, and two blocks of 256
    assert.deepEqual(d.push(b("\n")), [`x${"y".repeat(8192)}z`]);
  });

  it("lets go of every part once its frame is done", () => {
    const d = new FrameDecoder();
    for (let i = 0; i < 100; i++) d.push(b("x".repeat(1000)));
    assert.equal(d.push(b("\n"))[0]?.length, 100_000);
    assert.equal(d.capacity, 0);
  });

  it("clear() lets go of an unfinished frame", () => {
    const d = new FrameDecoder();
    d.push(b("x".repeat(5000)));
    d.clear();
    assert.equal(d.buffered, 0);
    assert.equal(d.capacity, 0);
    assert.deepEqual(d.push(b("{}\n")), ["{}"]);
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
