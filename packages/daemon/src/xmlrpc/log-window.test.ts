import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import type { LogBytes } from "./backend.js";
import { XmlRpcFault } from "./faults.js";
import { readRange, tailRange, tailWindow } from "./log-window.js";

const LOG = Buffer.from("0123456789");
/** The daemon's read of the last `n` bytes of LOG. */
const lastOf = (n: number): LogBytes => ({ data: LOG.subarray(Math.max(0, LOG.length - n)), size: LOG.length });

describe("readRange: supervisord's readFile arguments", () => {
  const cases: { offset: number; length: number; range?: object; fault?: string }[] = [
    { offset: -600, length: 0, range: { fromEnd: 600 } },
    { offset: -5, length: 3, fault: "BAD_ARGUMENTS" },
    { offset: 0, length: 0, range: { offset: 0, length: 1000 } },
    { offset: 4, length: 3, range: { offset: 4, length: 3 } },
    { offset: 0, length: -1, fault: "BAD_ARGUMENTS" },
    { offset: -5000, length: 0, range: { fromEnd: 1000 } },
    { offset: 0, length: 5000, range: { offset: 0, length: 1000 } },
  ];
  for (const c of cases) {
    it(`(${c.offset}, ${c.length})`, () => {
      if (c.fault)
        assert.throws(
          () => readRange(c.offset, c.length, 1000),
          (e: unknown) => e instanceof XmlRpcFault && e.text === c.fault,
        );
      else assert.deepEqual(readRange(c.offset, c.length, 1000), c.range);
    });
  }
});

describe("tailWindow: supervisord's tailFile over a 10-byte log", () => {
  const cases: { offset: number; length: number; answer: [string, number, boolean] }[] = [
    { offset: 0, length: 3, answer: ["789", 10, true] },
    { offset: 0, length: 100, answer: ["0123456789", 10, false] },
    { offset: 5, length: 5, answer: ["56789", 10, false] },
    { offset: 7, length: 10, answer: ["0123456789", 10, false] },
    { offset: 9, length: 10, answer: ["0123456789", 10, false] },
    { offset: 10, length: 10, answer: ["", 10, false] },
    { offset: 100, length: 10, answer: ["", 10, false] },
    { offset: 0, length: 0, answer: ["", 10, true] },
    { offset: -5, length: 3, answer: ["789", 10, true] },
  ];
  for (const c of cases) {
    it(`(${c.offset}, ${c.length}) → ${JSON.stringify(c.answer)}`, () => {
      assert.deepEqual(tailWindow(lastOf(Math.max(0, c.length)), c.offset, c.length), c.answer);
    });
  }

  it("no log file is ['', 0, false]", () => assert.deepEqual(tailWindow(null, 50, 10), ["", 0, false]));

  it("a length past the read cap gives the bytes that were read", () => {
    assert.deepEqual(tailRange(5000, 4), { fromEnd: 4 });
    assert.deepEqual(tailWindow(lastOf(4), 0, 5000), ["6789", 10, false]);
  });
});

/** A python3 that can import supervisor (Debian's package), or null. */
function supervisorPython(): string | null {
  for (const py of ["python3", "/usr/bin/python3"]) {
    if (spawnSync(py, ["-c", "import supervisor.options"], { timeout: 20_000 }).status === 0) return py;
  }
  return null;
}

const py = supervisorPython();

describe("tailWindow agrees with supervisord's own tailFile", {
  skip: py ? false : "needs python3 with Debian's supervisor package",
}, () => {
  it("on every offset and length from -3 to 14 over a 10-byte file", () => {
    const script = `import json, tempfile, os
from supervisor.options import tailFile
fd, path = tempfile.mkstemp()
os.write(fd, b"0123456789"); os.close(fd)
print(json.dumps({f"{o},{l}": tailFile(path, o, l) for o in range(-3, 15) for l in range(-3, 15)}))
os.unlink(path)`;
    const r = spawnSync(py as string, ["-c", script], { encoding: "utf8", timeout: 20_000 });
    const theirs = JSON.parse(r.stdout) as Record<string, [string, number, boolean]>;
    assert.equal(Object.keys(theirs).length, 18 * 18);
    for (const [key, answer] of Object.entries(theirs)) {
      const [offset, length] = key.split(",").map(Number);
      const read = lastOf(tailRange(length, 1_000_000).fromEnd);
      assert.deepEqual(tailWindow(read, offset, length), answer, `tailFile(path, ${offset}, ${length})`);
    }
  });
});
