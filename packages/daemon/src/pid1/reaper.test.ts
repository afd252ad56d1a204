import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Libc } from "./libc.js";
import type { ProcEntry } from "./proc.js";
import { Reaper } from "./reaper.js";

const zombie = (pid: number, ppid = 50): ProcEntry => ({ pid, comm: "sh", state: "Z", ppid, pgrp: pid });

function fakeLibc(notOurs: number[] = []): Libc & { calls: number[] } {
  const calls: number[] = [];
  return {
    calls,
    reap(pid) {
      calls.push(pid);
      return notOurs.includes(pid) ? -1 : pid;
    },
    becomeSubreaper: () => true,
  };
}

describe("Reaper.reapNow", () => {
  it("waitpids exactly the orphan zombies, never a child libuv owns, never -1", () => {
    const libc = fakeLibc();
    const reaped: number[][] = [];
    const reaper = new Reaper({
      libc,
      self: 50,
      owned: (pid) => pid === 61,
      readTable: () => [zombie(60), zombie(61), zombie(62, 7), { ...zombie(63), state: "S" }],
      onReaped: (pids) => reaped.push(pids),
    });
    assert.deepEqual(reaper.reapNow(), [60]);
    assert.deepEqual(libc.calls, [60]);
    assert.deepEqual(reaped, [[60]]);
  });

  it("does not report a pid that waitpid refused", () => {
    const libc = fakeLibc([70]);
    const reaper = new Reaper({ libc, self: 50, owned: () => false, readTable: () => [zombie(70), zombie(71)] });
    assert.deepEqual(reaper.reapNow(), [71]);
  });

  it("does nothing when there is nothing to reap", () => {
    const libc = fakeLibc();
    let told = false;
    const reaper = new Reaper({ libc, self: 50, owned: () => false, readTable: () => [], onReaped: () => (told = true) });
    assert.deepEqual(reaper.reapNow(), []);
    assert.equal(told, false);
    assert.deepEqual(libc.calls, []);
  });

  it("looks only at graced's children when the kernel lists them", () => {
    const libc = fakeLibc();
    const skipped: number[] = [];
    const reaper = new Reaper({
      libc,
      self: 50,
      owned: (pid) => pid === 61,
      readTable: () => assert.fail("the whole table is not read"),
      readChildren: (skip) => {
        skipped.push(...[60, 61].filter(skip));
        return [zombie(60)];
      },
    });
    assert.deepEqual(reaper.reapNow(), [60]);
    assert.deepEqual(skipped, [61], "a child libuv owns is skipped before its stat is read");
  });

  it("reads the whole table when the kernel cannot list graced's children", () => {
    const libc = fakeLibc();
    let full = 0;
    const reaper = new Reaper({
      libc,
      self: 50,
      owned: () => false,
      readTable: () => {
        full++;
        return [zombie(70)];
      },
      readChildren: () => null,
    });
    assert.deepEqual(reaper.reapNow(), [70]);
    assert.equal(full, 1);
  });
});
