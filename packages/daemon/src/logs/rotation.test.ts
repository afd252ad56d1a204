import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { backupRenames, bytesThatFit } from "./rotation.js";

const b = (s: string) => Buffer.from(s);

describe("bytesThatFit", () => {
  const cases: [string, number, number, string, number][] = [
    ["whole chunk fits", 0, 10, "abc\n", 4],
    ["exactly fills the file", 6, 10, "abc\n", 4],
    ["cut after the last newline that fits", 2, 10, "aaa\nbbb\nccc\n", 8],
    ["no newline fits in a non-empty file: rotate first", 8, 10, "abcdef\n", 0],
    ["long line in an empty file is cut at maxbytes", 0, 4, "abcdefgh\n", 4],
    ["full file: nothing fits", 10, 10, "a\n", 0],
    ["maxbytes 0 never cuts", 999, 0, "abc", 3],
  ];
  for (const [name, size, max, chunk, want] of cases) {
    it(name, () => assert.equal(bytesThatFit(size, max, b(chunk)), want));
  }
});

describe("backupRenames", () => {
  it("shifts the oldest first, then the live file to .1", () => {
    assert.deepEqual(backupRenames("/l/a.log", 3), [
      ["/l/a.log.2", "/l/a.log.3"],
      ["/l/a.log.1", "/l/a.log.2"],
      ["/l/a.log", "/l/a.log.1"],
    ]);
  });
  it("keeps nothing with backups 0", () => assert.deepEqual(backupRenames("/l/a.log", 0), []));
  it("moves only the live file with backups 1", () => assert.deepEqual(backupRenames("a", 1), [["a", "a.1"]]));
});
