import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isZombie } from "@grace/daemon/proc";
import { readStat } from "@grace/daemon/read-proc";
import { startDaemon } from "../helpers/daemon.js";
import { linesOf, startInNamespace, zombieChildren } from "../helpers/namespace.js";
import { skipUnless } from "../helpers/needs.js";
import { fixture } from "../helpers/paths.js";
import { call } from "../helpers/rpc.js";
import { waitUntil } from "../helpers/wait.js";

const ppidOf = (pid: number) => readStat(pid)?.ppid;
const alive = (pid: number) => {
  const entry = readStat(pid);
  return entry !== null && !isZombie(entry);
};

describe("reaping orphans", () => {
  it("as PID 1: 100 orphans leave 0 zombies, and a program's own exit status still arrives", {
    skip: skipUnless("pid-namespace"),
  }, async () => {
    const ns = await startInNamespace(
      `[program:orphans]\ncommand = ${fixture("spawns-orphans.sh")} 100 %(here)s/orphans.log\nstartsecs = 0\n\n` +
        `[program:quits]\ncommand = ${fixture("exits-after.sh")} 0.5 3\nstartsecs = 0\nautorestart = false\n`,
      { supervisord: "loglevel = debug" },
    );
    await waitUntil("100 orphans to have run", () => (linesOf(ns.path("orphans.log")).length === 100 ? true : undefined), 20_000);
    // every orphan has exited: none may stay a zombie of graced
    await waitUntil("no zombie children of graced", () => (zombieChildren(ns.pid1).length === 0 ? true : undefined), 5_000);
    // libuv still got the exit status of the child it spawned (waitpid(-1) would have stolen it)
    const quits = await waitUntil("quits to be EXITED", async () => {
      const [p] = (await call(ns.socket, "status", { names: ["quits"] })).processes;
      return p?.statename === "EXITED" ? p : undefined;
    });
    assert.equal(quits.exitstatus, 3, JSON.stringify(quits));
    assert.match(ns.log, /reaped \d+ orphan\(s\)/);
    const exit = await ns.dockerStop(10_000);
    assert.equal(exit.code, 0, ns.log);
  });

  it("not as PID 1: graced is a child subreaper, so an orphan comes to it and is swept at shutdown", async () => {
    const d = await startDaemon(`[program:forks]\ncommand = ${fixture("double-fork.sh")} ${"%(here)s"}/forks.log\nstartsecs = 0\n`);
    const log = `${d.dir}/forks.log`;
    const daemonPid = await waitUntil("the double-forked daemon", () => {
      const line = linesOf(log).find((l) => l.startsWith("DAEMON "));
      return line ? Number(line.split(" ")[1]) : undefined;
    });
    const graced = d.child.pid as number;
    await waitUntil("the orphan to be re-parented to graced", () => (ppidOf(daemonPid) === graced ? true : undefined));

    const { code } = await d.stop();
    assert.equal(code, 0, d.log);
    assert.ok(linesOf(log).includes(`DAEMON-TERM ${daemonPid}`), "the leftover daemon got SIGTERM from the sweep");
    assert.equal(alive(daemonPid), false, "nothing is left running after graced exits");
    assert.match(d.log, new RegExp(`swept \\d+ leftover process\\(es\\) that outlived their programs: .*sh \\(pid ${daemonPid}\\)`));
  });
});
