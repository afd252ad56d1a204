import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readChildTable } from "./read-proc.js";

/** A /proc with graced (pid 50, threads 50 and 51) and the files given. */
function fakeProc(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "grace-proc-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, ".."), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe("readChildTable", () => {
  it("reads the stat of every thread's children, except the skipped ones", () => {
    const root = fakeProc({
      "50/task/50/children": "60 61 ",
      "50/task/51/children": "62 ",
      "60/stat": "60 (sh) Z 50 60 60 0",
      "61/stat": "61 (sleep) S 50 61 61 0",
      "62/stat": "62 (a b) S 50 62 62 0",
    });
    assert.deepEqual(
      readChildTable(50, (pid) => pid === 61, root)?.map((e) => [e.pid, e.comm, e.state]),
      [
        [60, "sh", "Z"],
        [62, "a b", "S"],
      ],
    );
  });

  it("skips a child that is gone before its stat is read", () => {
    const root = fakeProc({ "50/task/50/children": "60 63 ", "60/stat": "60 (sh) Z 50 60 60 0" });
    assert.deepEqual(
      readChildTable(50, () => false, root)?.map((e) => e.pid),
      [60],
    );
  });

  it("is null without the kernel's children files", () => {
    const root = fakeProc({ "50/task/50/stat": "50 (node) S 1 50 50 0" });
    assert.equal(
      readChildTable(50, () => false, root),
      null,
    );
  });
});
