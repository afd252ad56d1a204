import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { describe, it } from "node:test";
import { Captured } from "../helpers/captured.js";
import { isGone } from "../helpers/daemon.js";
import { fixture } from "../helpers/paths.js";
import { waitUntil } from "../helpers/wait.js";

describe("the test harness", () => {
  it("a test that fails with its graced still running ends its file anyway, and that graced and its program stop", async () => {
    const { NODE_TEST_CONTEXT: _, ...env } = process.env; // a test file of its own, not a subtest of this one
    const child = spawn(process.execPath, ["--test", fixture("leaves-daemon.mjs")], { env, stdio: ["ignore", "pipe", "pipe"] });
    const run = new Captured(child);
    let ended = false;
    void run.exited.then(() => {
      ended = true;
    });
    // before the fix, the daemon's pipes kept the file's process alive for ever
    const endedInTime = await waitUntil("the failing test file to end", () => (ended ? true : undefined), 30_000).catch(() => false);
    const pids = (/PIDS (\d+) (\d+)/.exec(run.log) ?? []).slice(1).map(Number);
    if (!endedInTime) {
      child.kill("SIGKILL");
      if (pids[0]) process.kill(pids[0], "SIGTERM"); // its graced, which stops its program
    }
    assert.equal(endedInTime, true, `the file still runs after 30 s:\n${run.log}`);
    assert.equal((await run.exited).code, 1, run.log);
    assert.equal(pids.length, 2, run.log);
    for (const pid of pids) assert.equal(isGone(pid), true, `pid ${pid} still runs`);
  });
});
