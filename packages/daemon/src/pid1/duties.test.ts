import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Logger } from "../logs/logger.js";
import { type DutiesDeps, NO_FFI_WARNING, Pid1Duties } from "./duties.js";
import type { LoadedLibc } from "./libc.js";

function setup(patch: Partial<DutiesDeps>, loaded: LoadedLibc) {
  const lines: string[] = [];
  const logger: Logger = {
    debug: (m) => lines.push(`debug ${m}`),
    info: (m) => lines.push(`info ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
  const killed: string[] = [];
  const duties = new Pid1Duties({
    logger,
    loadLibc: async () => loaded,
    self: 1,
    ppid: 0,
    pid1Comm: () => "graced",
    argv: ["-c", "/etc/grace.conf"],
    owned: () => false,
    readTable: () => [
      { pid: 20, comm: "daemon", state: "S", ppid: 1, pgrp: 20 },
      { pid: 21, comm: "gone", state: "Z", ppid: 1, pgrp: 21 },
    ],
    kill: (pid, sig) => killed.push(`${sig} ${pid}`),
    ...patch,
  });
  return { duties, lines, killed };
}

const working = (subreaper: boolean[]): LoadedLibc => ({
  ok: true,
  libc: {
    reap: () => -1,
    becomeSubreaper: () => {
      subreaper.push(true);
      return true;
    },
  },
});

describe("Pid1Duties", () => {
  it("warns once, recommending --init, when koffi cannot load, and carries on without reaping", async () => {
    const { duties, lines } = setup({}, { ok: false, error: "no prebuilt binary" });
    await duties.start();
    assert.deepEqual(lines, [`warn ${NO_FFI_WARNING} (no prebuilt binary)`]);
    assert.match(lines[0] ?? "", /docker run --init/);
    assert.equal(duties.reaping, false);
    duties.stop();
  });

  it("becomes a child subreaper when it is not PID 1", async () => {
    const calls: boolean[] = [];
    const { duties } = setup({ self: 4242, ppid: 4000 }, working(calls));
    await duties.start();
    assert.equal(calls.length, 1);
    assert.equal(duties.reaping, true);
    duties.stop();
  });

  it("does not ask for a subreaper as PID 1 (it already is the reaper)", async () => {
    const calls: boolean[] = [];
    const { duties } = setup({}, working(calls));
    await duties.start();
    assert.equal(calls.length, 0);
    duties.stop();
  });

  it("warns about a shell that is PID 1 and our parent", async () => {
    const { duties, lines } = setup({ self: 7, ppid: 1, pid1Comm: () => "sh" }, working([]));
    await duties.start();
    assert.ok(lines.some((l) => l.startsWith("warn ") && l.includes('CMD ["graced", "-c", "/etc/grace.conf"]')));
    duties.stop();
  });

  it("killEverything SIGKILLs every live descendant, not the zombies", () => {
    const { duties, killed } = setup({}, working([]));
    assert.equal(duties.killEverything(), 1);
    assert.deepEqual(killed, ["SIGKILL 20"]);
  });
});
