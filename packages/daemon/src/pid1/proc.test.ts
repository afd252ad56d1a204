import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { groupHasLiveMember, liveDescendants, orphanZombies, type ProcEntry, parseStat, shellParentWarning } from "./proc.js";

const e = (pid: number, ppid: number, state = "S", pgrp = pid, comm = "sh"): ProcEntry => ({ pid, comm, state, ppid, pgrp });

describe("parseStat", () => {
  const cases: [string, string, ProcEntry | null][] = [
    ["a plain line", "42 (sleep) S 1 42 42 0 -1 4194560 95 0", { ...e(42, 1, "S", 42, "sleep"), session: 42 }],
    ["a zombie", "7 (sh) Z 1 5 5 0 -1 4227148 0 0", { ...e(7, 1, "Z", 5, "sh"), session: 5 }],
    ["a comm with spaces and parentheses", "9 (my (odd) name) R 3 9 9 0", { ...e(9, 3, "R", 9, "my (odd) name"), session: 9 }],
    [
      "the CPU times of a full line",
      "42 (node) S 1 42 42 0 -1 4194560 95 0 0 0 1234 56 0 0 20 0 11 0 100 1000 200",
      { ...e(42, 1, "S", 42, "node"), session: 42, utime: 1234, stime: 56 },
    ],
    ["an empty comm, and no session field", "11 () S 2 11", e(11, 2, "S", 11, "")],
    ["a truncated read", "12 (sh", null],
    ["no fields after comm", "13 (sh)", null],
    ["garbage", "hello", null],
  ];
  for (const [name, text, expected] of cases) it(`reads ${name}`, () => assert.deepEqual(parseStat(text), expected));
});

describe("orphanZombies", () => {
  const table = [e(1, 0), e(10, 1, "Z"), e(11, 1, "Z"), e(12, 1, "S"), e(13, 5, "Z"), e(14, 1, "X")];
  it("takes dead children of graced that libuv does not own", () => {
    assert.deepEqual(
      orphanZombies(table, 1, (pid) => pid === 11),
      [10, 14],
    );
  });
  it("never takes a zombie of another parent", () =>
    assert.deepEqual(
      orphanZombies(table, 5, () => false),
      [13],
    ));
  it("finds nothing in an empty table", () =>
    assert.deepEqual(
      orphanZombies([], 1, () => false),
      [],
    ));
});

describe("liveDescendants", () => {
  // 100 (graced) → 101 → 102 → 103; 100 → 104 (zombie) → nothing; 200 is someone else's
  const table = [e(100, 1), e(101, 100), e(102, 101), e(103, 102), e(104, 100, "Z"), e(200, 1), e(201, 200)];
  it("walks the whole tree below the root, parents first, without zombies", () => {
    assert.deepEqual(
      liveDescendants(table, 100).map((x) => x.pid),
      [101, 102, 103],
    );
  });
  it("is empty for a leaf", () => assert.deepEqual(liveDescendants(table, 103), []));
  it("survives a parent loop in a torn read", () => {
    assert.deepEqual(
      liveDescendants([e(5, 6), e(6, 5)], 5).map((x) => x.pid),
      [6],
    );
  });
});

describe("groupHasLiveMember", () => {
  it("ignores zombies: a group of the dead is empty", () => {
    assert.equal(groupHasLiveMember([e(20, 1, "Z", 20), e(21, 1, "Z", 20)], 20), false);
  });
  it("sees a running member", () => assert.equal(groupHasLiveMember([e(20, 1, "Z", 20), e(22, 1, "S", 20)], 20), true));
  it("does not see other groups", () => assert.equal(groupHasLiveMember([e(30, 1, "S", 30)], 20), false));
});

describe("shellParentWarning", () => {
  it("shows the exec form when PID 1 is a shell and our parent", () => {
    const w = shellParentWarning(1, "sh\n", ["-c", "/etc/grace.conf"]);
    assert.match(w ?? "", /shell \(sh\) that is PID 1/);
    assert.match(w ?? "", /CMD \["graced", "-c", "\/etc\/grace.conf"\]/);
  });
  it("says nothing when PID 1 is an init", () => assert.equal(shellParentWarning(1, "tini", []), null));
  it("says nothing when graced is PID 1 or its parent is not PID 1", () => {
    assert.equal(shellParentWarning(0, "sh", []), null);
    assert.equal(shellParentWarning(345, "bash", []), null);
  });
});
