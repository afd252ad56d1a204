import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type EnvEntry, findOrphans, judgeLeftovers, judgePidfile, orphansMessage, parseEnviron } from "./orphans.js";

const URL = "unix:///run/grace/grace.sock";

/** A process; `name` given: started by graced with the GRACE_/SUPERVISOR_ variables. */
function proc(pid: number, ppid: number, name?: string, opts: { group?: string; url?: string; only?: "SUPERVISOR" } = {}): EnvEntry {
  const env = new Map<string, string>([["PATH", "/usr/bin"]]);
  if (name !== undefined) {
    for (const prefix of opts.only ? [opts.only] : ["SUPERVISOR", "GRACE"]) {
      env.set(`${prefix}_PROCESS_NAME`, name);
      env.set(`${prefix}_GROUP_NAME`, opts.group ?? name);
      env.set(`${prefix}_SERVER_URL`, opts.url ?? URL);
    }
  }
  return { pid, ppid, pgrp: pid, env };
}

describe("parseEnviron", () => {
  it("splits NUL-separated pairs at the first '=', the first of a repeated key winning", () => {
    assert.deepEqual(
      [...parseEnviron("A=1\0B=x=y\0EMPTY=\0junk\0A=2\0")],
      [
        ["A", "1"],
        ["B", "x=y"],
        ["EMPTY", ""],
      ],
    );
  });
});

describe("findOrphans", () => {
  const cases: [string, EnvEntry[], { pid: number; name: string }[]][] = [
    ["nothing of ours", [proc(1, 0), proc(50, 1)], []],
    ["a program re-parented to init", [proc(1, 0), proc(50, 1, "web")], [{ pid: 50, name: "web" }]],
    [
      "group members by their full name, sorted",
      [proc(61, 1, "w_1", { group: "workers" }), proc(60, 1, "w_0", { group: "workers" })],
      [
        { pid: 60, name: "workers:w_0" },
        { pid: 61, name: "workers:w_1" },
      ],
    ],
    [
      "only the topmost of a program's tree (its children inherit the environment)",
      [proc(70, 1, "sh"), proc(71, 70, "sh"), proc(72, 71, "sh")],
      [{ pid: 70, name: "sh" }],
    ],
    ["not another socket's programs", [proc(80, 1, "web", { url: "unix:///tmp/other.sock" })], []],
    [
      "supervisord's programs (only SUPERVISOR_ variables) on the same socket",
      [proc(90, 1, "legacy", { only: "SUPERVISOR" })],
      [{ pid: 90, name: "legacy" }],
    ],
    [
      "never graced itself or its ancestors (a graced started from a program)",
      [proc(1, 0), proc(100, 1, "shell"), proc(101, 100, "shell")],
      [],
    ],
  ];
  for (const [name, table, expected] of cases) {
    it(name, () =>
      assert.deepEqual(
        findOrphans(table, URL, 101).map(({ pid, name }) => ({ pid, name })),
        expected,
      ),
    );
  }
});

describe("judgePidfile", () => {
  const cases: [string, string | null, { kind: string; pid?: number }][] = [
    ["no pidfile", null, { kind: "none" }],
    ["garbage", "hello\n", { kind: "none" }],
    ["our own pid", "7\n", { kind: "none" }],
    ["a running graced", "40\n", { kind: "live", pid: 40 }],
    ["a pid that is gone or reused by something else", "41\n", { kind: "stale", pid: 41 }],
  ];
  for (const [name, text, expected] of cases)
    it(name, () =>
      assert.deepEqual(
        judgePidfile(text, 7, (pid) => pid === 40),
        expected,
      ),
    );
});

describe("judgeLeftovers", () => {
  const deps = (text: string | null, table: EnvEntry[]) => ({
    self: 7,
    socket: "/run/grace/grace.sock",
    pidfile: "/run/graced.pid",
    readPidfile: () => text,
    isGraced: (pid: number) => pid === 40,
    readEnvTable: () => table,
  });

  it("refuses beside another graced that uses the pidfile", () =>
    assert.deepEqual(judgeLeftovers(deps("40", [])), {
      refuse: "another graced (pid 40) is running with the pidfile /run/graced.pid",
      warning: null,
    }));

  it("warns of a stale pidfile when nothing was left running", () =>
    assert.deepEqual(judgeLeftovers(deps("41", [])), {
      refuse: null,
      warning: "The pidfile /run/graced.pid names pid 41, which is not a running graced: it did not exit cleanly",
    }));

  it("refuses when programs were left, and tells of the stale pidfile in the same message", () => {
    const verdict = judgeLeftovers(deps("41", [proc(50, 1, "web")]));
    assert.equal(verdict.warning, null);
    assert.match(
      verdict.refuse ?? "",
      /^1 program process started by an earlier graced on \/run\/grace\/grace.sock is still running: web \(pid 50\)\. The pidfile/,
    );
  });

  it("says nothing when all is clean", () => assert.deepEqual(judgeLeftovers(deps(null, [proc(50, 1)])), { refuse: null, warning: null }));
});

describe("orphansMessage", () => {
  it("names at most 20, gives the command that ends each process group, and counts the rest", () => {
    const many = Array.from({ length: 22 }, (_, i) => ({ pid: 100 + i, pgrp: i === 0 ? 5 : 100 + i, name: `w_${i}` }));
    const text = orphansMessage(many, "/s.sock", null);
    assert.match(text, /^22 program processes started by an earlier graced on \/s\.sock are still running: w_0 \(pid 100\), /);
    assert.match(text, /w_19 \(pid 119\), and 2 more\. That graced did not stop them/);
    // a process that does not lead its group is named by pid, the others by group
    assert.match(text, /kill -TERM -- 100 -101 -102 .* -121, then start graced again$/);
  });
});
