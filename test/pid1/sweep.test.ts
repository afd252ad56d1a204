import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isGone, startDaemon } from "../helpers/daemon.js";
import { linesOf, startInNamespace } from "../helpers/namespace.js";
import { skipUnless } from "../helpers/needs.js";
import { fixture } from "../helpers/paths.js";
import { waitUntil } from "../helpers/wait.js";

const daemonPid = (log: string) =>
  waitUntil(`a daemon in ${log}`, () => {
    const line = linesOf(log).find((l) => l.startsWith("DAEMON "));
    return line ? Number(line.split(" ")[1]) : undefined;
  });

describe("the orphan sweep at shutdown", () => {
  it("as PID 1: a double-forked daemon that escaped its group gets SIGTERM once its program is gone; exit 0", {
    skip: skipUnless("pid-namespace"),
  }, async () => {
    const ns = await startInNamespace(`[program:forks]\ncommand = ${fixture("double-fork.sh")} %(here)s/forks.log\nstartsecs = 0\n`);
    const pid = await daemonPid(ns.path("forks.log"));
    const exit = await ns.dockerStop(10_000);
    assert.deepEqual(exit, { code: 0, signal: null, killedByDocker: false }, ns.log);
    // the namespace's teardown would SIGKILL it without a trace: DAEMON-TERM is the sweep's SIGTERM
    assert.ok(linesOf(ns.path("forks.log")).includes(`DAEMON-TERM ${pid}`), ns.log);
    assert.match(ns.log, new RegExp(`swept \\d+ leftover .*sh \\(pid ${pid}\\)`));
    assert.match(ns.log, /swept \(0 killed\); exit status 0/);
  });

  it("SIGKILLs a leftover that ignores SIGTERM at the deadline, leaves nothing behind, exits 1", async () => {
    const d = await startDaemon(`[program:stubborn]\ncommand = ${fixture("double-fork.sh")} %(here)s/forks.log ignore\nstartsecs = 0\n`, {
      env: { GRACE_SHUTDOWN_TIMEOUT: "2" },
    });
    const pid = await daemonPid(`${d.dir}/forks.log`);
    const { code } = await d.stop(10_000);
    assert.equal(code, 1, d.log);
    assert.ok(linesOf(`${d.dir}/forks.log`).includes(`DAEMON-TERM ${pid}`), "asked first");
    assert.match(d.log, new RegExp(`SIGKILLed leftover process\\(es\\) at the deadline: .*sh \\(pid ${pid}\\)`));
    assert.ok(isGone(pid), "the daemon is gone once graced has exited");
  });

  it("a second SIGTERM SIGKILLs everything at once instead of waiting for the budget; exit 1", {
    skip: skipUnless("pid-namespace"),
  }, async () => {
    const ns = await startInNamespace(
      `[program:stubborn]\ncommand = ${fixture("ignores-term.sh")} %(here)s/stubborn.log\nstartsecs = 0\nstopwaitsecs = 60\n\n` +
        `[program:forks]\ncommand = ${fixture("double-fork.sh")} %(here)s/forks.log ignore\nstartsecs = 0\n`,
      { env: { GRACE_SHUTDOWN_TIMEOUT: "60" } },
    );
    await daemonPid(ns.path("forks.log"));
    await waitUntil("stubborn to run", () => (linesOf(ns.path("stubborn.log")).length > 0 ? true : undefined));
    ns.signal("SIGTERM");
    await waitUntil("stubborn to get SIGTERM", () =>
      linesOf(ns.path("stubborn.log")).some((l) => l.startsWith("TERM")) ? true : undefined,
    );
    ns.signal("SIGTERM");
    // without the escalation graced would wait ~59 s for stubborn: docker's 30 s would find it
    const exit = await ns.waitExit(30_000);
    assert.deepEqual(exit, { code: 1, signal: null, killedByDocker: false }, ns.log);
    assert.match(ns.log, /received SIGTERM again during the shutdown/);
    assert.match(ns.log, /shutdown: stubborn killed with SIGKILL/);
  });
});
