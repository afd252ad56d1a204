import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ExitWatcher } from "./exit-watcher.js";
import { decodeStatus, type WaitResult } from "./posix-spawn.js";

describe("decodeStatus", () => {
  for (const [status, expected] of [
    [0, { code: 0, signal: null }],
    [3 << 8, { code: 3, signal: null }],
    [255 << 8, { code: 255, signal: null }],
    [9, { code: null, signal: "SIGKILL" }],
    [15, { code: null, signal: "SIGTERM" }],
    [6, { code: null, signal: "SIGABRT" }], // Node's name, not its alias SIGIOT
    [13 | 0x80, { code: null, signal: "SIGPIPE" }], // the core-dump bit does not change the signal
  ] as const) {
    it(`wait status ${status} is ${JSON.stringify(expected)}`, () => {
      assert.deepEqual(decodeStatus(status), expected);
    });
  }
});

/** A watcher on fake waits: `results` says what waitpid answers per pid; SIGCHLD and turns are by hand. */
function fakeWatcher(results: Map<number, WaitResult>) {
  const waited: number[] = [];
  const turns: (() => void)[] = [];
  let sigchld: (() => void) | null = null;
  let timers = 0;
  const watcher = new ExitWatcher({
    wait: (pid) => {
      waited.push(pid);
      return results.get(pid) ?? "running";
    },
    onSigchld: (scan) => {
      sigchld = scan;
      return () => {
        sigchld = null;
      };
    },
    every: () => {
      timers++;
      return () => timers--;
    },
    defer: (fn) => turns.push(fn),
  });
  const turn = () => {
    for (const fn of turns.splice(0)) fn();
  };
  return { watcher, waited, turn, sigchld: () => sigchld?.(), listening: () => sigchld !== null, timers: () => timers };
}

describe("ExitWatcher", () => {
  it("hands an exit to every handler, once, and waits only for its own pids", () => {
    const results = new Map<number, WaitResult>();
    const f = fakeWatcher(results);
    const heard: string[] = [];
    f.watcher.watch(41)((code, signal) => heard.push(`a ${code} ${signal}`));
    const onExit = f.watcher.watch(42);
    onExit((code, signal) => heard.push(`b ${code} ${signal}`));
    onExit((code, signal) => heard.push(`c ${code} ${signal}`));
    f.turn();
    assert.deepEqual(heard, []);
    results.set(42, { code: null, signal: "SIGTERM" });
    f.sigchld();
    f.turn();
    assert.deepEqual(heard, ["b null SIGTERM", "c null SIGTERM"]);
    f.sigchld();
    f.turn();
    assert.deepEqual(heard, ["b null SIGTERM", "c null SIGTERM"]);
    assert.ok(f.waited.every((pid) => pid === 41 || pid === 42));
    assert.equal(f.watcher.size, 1);
  });

  it("scans once per turn however many SIGCHLDs arrive", () => {
    const f = fakeWatcher(new Map());
    f.watcher.watch(7);
    f.turn();
    f.waited.length = 0;
    for (let i = 0; i < 50; i++) f.sigchld();
    f.turn();
    assert.deepEqual(f.waited, [7]);
  });

  it("finds a child that exited before anyone listened, on the next turn", () => {
    const f = fakeWatcher(new Map([[9, { code: 1, signal: null }]]));
    const heard: (number | null)[] = [];
    f.watcher.watch(9)((code) => heard.push(code));
    f.turn();
    assert.deepEqual(heard, [1]);
  });

  it("listens to SIGCHLD and keeps its timer only while children are watched", () => {
    const results = new Map<number, WaitResult>();
    const f = fakeWatcher(results);
    assert.equal(f.listening(), false);
    f.watcher.watch(5);
    assert.equal(f.listening(), true);
    assert.equal(f.timers(), 1);
    results.set(5, { code: 0, signal: null });
    f.watcher.scan();
    assert.equal(f.listening(), false);
    assert.equal(f.timers(), 0);
  });

  it("ends a child someone else reaped with no status rather than waiting forever", () => {
    const f = fakeWatcher(new Map([[3, "gone" as const]]));
    const heard: string[] = [];
    f.watcher.watch(3)((code, signal) => heard.push(`${code} ${signal}`));
    f.turn();
    assert.deepEqual(heard, ["null null"]);
  });
});
