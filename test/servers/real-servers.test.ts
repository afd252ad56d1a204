import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { after, describe, it } from "node:test";
import { childrenOf, type NamespacedGraced, startInNamespace } from "../helpers/namespace.js";
import { skipUnless } from "../helpers/needs.js";
import { clusterState, httpGet, waitServersUp } from "../helpers/server-clients.js";
import { findServers, prepareServers } from "../helpers/servers.js";
import { waitUntil } from "../helpers/wait.js";

const found = findServers();
const bins = "missing" in found ? undefined : found;
const skip =
  skipUnless("root", "pid-namespace") ||
  ("missing" in found ? `needs ${found.missing.join(", ")} (as root: sh test/servers/install.sh)` : false);

const comm = (pid: number) => readFileSync(`/proc/${pid}/comm`, "utf8").trim();
const argv = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");

describe("real servers under graced as PID 1: postgres, redis behind sh -c, nginx, php-fpm", { skip }, () => {
  const dirs: string[] = [];
  let ns: NamespacedGraced | undefined;
  let passed = false;
  after(() => {
    // after a failure: SIGKILL to PID 1 ends the whole namespace; the files stay for a look
    if (ns && ns.unshare.exitCode === null) process.kill(ns.pid1, "SIGKILL");
    if (passed) for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("docker stop: each server logs its own clean stop, an in-flight request completes, nothing is SIGKILLed, exit 0", async () => {
    assert.ok(bins);
    const set = await prepareServers(bins);
    ns = await startInNamespace(set.programs);
    dirs.push(set.paths.dir, ns.dir);
    const where = `(files in ${set.paths.dir})\n${ns.log}`;
    await waitServersUp(set);

    // redis really sits behind a shell that did not exec it
    const shell = childrenOf(ns.pid1).find((pid) => argv(pid).some((a) => a.includes("redis-server")));
    assert.ok(shell, `redis's program among graced's children ${where}`);
    assert.equal(comm(shell), "sh");
    assert.deepEqual(childrenOf(shell).map(comm), ["redis-server"], "redis-server is the shell's child");

    // a request in progress when the stop comes: nginx and php-fpm must let it finish
    const slow = httpGet(set.paths.nginxSocket, "/slow.php");
    await waitUntil("slow.php to be running", () => (existsSync(set.paths.phpStarted) ? true : undefined), 10_000);
    const exit = await ns.dockerStop(10_000);

    assert.deepEqual(exit, { code: 0, signal: null, killedByDocker: false }, where);
    assert.deepEqual(await slow, { status: 200, body: "slow request done\n" }, "the in-flight request completed");
    for (const { name, log, line, summary } of set.cleanStops) {
      assert.ok(existsSync(log), `${name} wrote its log ${log}`);
      assert.match(readFileSync(log, "utf8"), line, `${name}'s own log shows its clean stop`);
      assert.match(ns.log, new RegExp(`shutdown: ${name} ${summary} after [\\d.]+s, by itself`), where);
    }
    assert.match(ns.log, /shutdown complete in [\d.]+s: 4 program\(s\) stopped, 0 killed; exit status 0/, where);
    // (the shutdown plan's "SIGKILL by 2.8 s" is a deadline, not a kill)
    assert.doesNotMatch(ns.log, /SIGKILL(?! by \d)/, where);
    // what postgres reads at its next start: "shut down" means no recovery is needed
    assert.equal(await clusterState(set), "shut down");
    passed = true;
  });
});
