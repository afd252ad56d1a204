import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { readFileAt, sliceAt } from "./read-at.js";

describe("reading a log at an offset", () => {
  const dir = mkdtempSync(join(tmpdir(), "grace-read-at-"));
  const path = join(dir, "x.log");
  writeFileSync(path, "0123456789");
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cases: [string, number, number, string][] = [
    ["from the start", 0, 4, "0123"],
    ["in the middle", 3, 4, "3456"],
    ["past the end: what there is", 8, 5, "89"],
    ["at the end: nothing", 10, 5, ""],
    ["beyond the end: nothing", 50, 5, ""],
    ["length 0: nothing", 2, 0, ""],
  ];
  for (const [name, offset, length, want] of cases) {
    it(`a file, ${name}`, async () => {
      const got = await readFileAt(path, offset, length);
      assert.deepEqual([got.data.toString(), got.size], [want, 10]);
    });
    it(`memory, ${name}`, () => {
      const got = sliceAt(Buffer.from("0123456789"), offset, length);
      assert.deepEqual([got.data.toString(), got.size], [want, 10]);
    });
  }

  it("a missing file rejects with ENOENT", async () => {
    await assert.rejects(readFileAt(join(dir, "nope.log"), 0, 1), { code: "ENOENT" });
  });
});
