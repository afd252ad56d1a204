import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { startDaemon } from "../helpers/daemon.js";
import { NO_STACK, runGraced } from "../helpers/graced.js";
import { waitUntil } from "../helpers/wait.js";

const ONE = "[program:one]\ncommand = sleep 1000\nstartsecs = 0\n";

/** graced with its socket in a `run/` directory of its own, which the tests remove. */
const startInRunDir = () => startDaemon(ONE, { socketDir: "run" });

describe("one graced per control socket, even when the socket file is removed", () => {
  it("a second graced is refused (exit 2, naming the first one's pid) and touches nothing of the first", async () => {
    const pidfile = join(mkdtempSync(join(tmpdir(), "grace-lock-")), "graced.pid");
    const d = await startDaemon(`pidfile = ${pidfile}\n\n${ONE}`);
    try {
      const first = await d.waitForState("one", "RUNNING");
      unlinkSync(d.socket);
      const second = await runGraced(["-c", d.configPath]);
      assert.equal(second.code, 2, second.stderr);
      assert.match(
        second.stderr,
        new RegExp(`another graced is already running for ${d.socket} \\(pid ${d.child.pid}; it holds ${d.socket}\\.lock\\)`),
      );
      assert.doesNotMatch(second.stderr, NO_STACK);
      assert.equal(readFileSync(pidfile, "utf8"), `${d.child.pid}\n`, "the first graced's pidfile is untouched");
      await d.waitForSocket(8000); // made again by the first graced
      const now = await d.status();
      assert.deepEqual(
        now.map((p) => [p.name, p.pid]),
        [["one", first.pid]],
        "one program, still the first graced's",
      );
    } finally {
      await d.stop();
    }
  });

  it("the first graced makes its socket again: on SIGHUP, and by itself", async () => {
    const d = await startDaemon(ONE);
    try {
      // the periodic check may win the race against the signal now and then: try again then
      let onSignal = false;
      for (let attempt = 0; attempt < 3 && !onSignal; attempt++) {
        const before = d.log.length;
        unlinkSync(d.socket);
        d.child.kill("SIGHUP");
        await d.waitForSocket(5000);
        const line = await waitUntil(
          "the log line",
          () => d.log.slice(before).match(/graced listens on it again \(noticed on (.*)\)/)?.[1],
        );
        onSignal = line === "SIGHUP";
      }
      assert.equal(onSignal, true, "SIGHUP made the socket again");
      const before = d.log.length;
      unlinkSync(d.socket);
      await d.waitForSocket(8000);
      assert.match(d.log.slice(before), /had been removed: graced listens on it again \(noticed on the periodic check\)/);
      assert.equal((await d.info("one")).statename, "RUNNING");
      const r = await d.ctl("status");
      assert.equal(r.code, 0, r.stderr);
    } finally {
      await d.stop();
    }
  });

  it("a file where the socket's directory was: graced says so once, stays up, and listens again once the path is free", async () => {
    const d = await startInRunDir();
    const { dir } = d;
    try {
      rmSync(join(dir, "run"), { recursive: true });
      writeFileSync(join(dir, "run"), "in the way\n");
      const failures = () => d.log.split("was removed and cannot be made again: ENOTDIR").length - 1;
      await waitUntil("the error", () => (failures() > 0 ? true : undefined), 8000);
      // the check on SIGHUP runs before the reload logs its result, and adds no second line
      const mark = d.log.length;
      d.child.kill("SIGHUP");
      await waitUntil("the reload", () => (/reload: no config changes/.test(d.log.slice(mark)) ? true : undefined), 8000);
      assert.equal(failures(), 1, "said once");
      rmSync(join(dir, "run"));
      await d.waitForSocket(8000);
      assert.equal((await d.info("one")).statename, "RUNNING");
    } finally {
      await d.stop();
    }
  });

  it("a removed socket directory: the socket and the lock file come back, and a second graced is still refused", async () => {
    const d = await startInRunDir();
    const { dir, socket, configPath: conf } = d;
    try {
      rmSync(join(dir, "run"), { recursive: true });
      d.child.kill("SIGUSR2");
      await d.waitForSocket(8000);
      assert.equal(readFileSync(`${socket}.lock`, "utf8"), `${d.child.pid}\n`);
      const second = await runGraced(["-c", conf]);
      assert.equal(second.code, 2, second.stderr);
      assert.match(second.stderr, new RegExp(`another graced is already running for ${socket} \\(pid ${d.child.pid};`));
    } finally {
      await d.stop();
    }
  });
});
