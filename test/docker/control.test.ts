import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { before, it } from "node:test";
import { Container, describeDocker, fixtureIn, program } from "../helpers/container.js";
import { waitUntil } from "../helpers/wait.js";

const CONF =
  program("web", `${fixtureIn("records-term.sh")} - 0.2`) +
  program("ticker", fixtureIn("ticks.sh")) +
  program("slow", `${fixtureIn("records-term.sh")} - 3`);

describeDocker("docker exec gracectl, docker logs and docker kill against graced as PID 1", (engine) => {
  let c: Container;
  const pidOf = async (name: string) => Number((await c.exec("gracectl", "pid", name)).stdout.trim());

  before(async () => {
    c = await Container.run(engine(), { conf: CONF });
    await c.waitForLogs("web | START");
    await c.waitForLogs("slow | START");
  });

  it("docker logs shows every program's output, one whole line at a time behind its name", async () => {
    const logs = await c.waitForLogs(/^ticker \| tick 5$/m);
    assert.match(logs, /^web \| START \d+ \d+$/m);
    assert.match(logs, /INFO graced [\d.]+ started with pid 1,/);
    // nothing but graced's own log lines and prefixed program lines: no two lines mixed
    for (const line of logs.split("\n").filter(Boolean))
      assert.match(line, /^(\d{4}-\d\d-\d\d [\d:,]+ [A-Z]+ |(web|ticker|slow) \| )/, line);
  });

  it("docker exec gracectl status lists every program RUNNING, with no flags: the default socket", async () => {
    const r = await c.exec("gracectl", "status");
    assert.equal(r.code, 0, r.stderr);
    for (const name of ["web", "ticker", "slow"]) assert.match(r.stdout, new RegExp(`^${name} +RUNNING +pid \\d+`, "m"));
  });

  it("docker exec gracectl restart, then stop: web gets SIGTERM each time and cleans up", async () => {
    const before = await pidOf("web");
    let r = await c.exec("gracectl", "restart", "web");
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "web: stopped\nweb: started\n");
    const after = await pidOf("web");
    assert.notEqual(after, before);
    assert.match(await c.logs(), new RegExp(`^web \\| CLEANUP ${before} `, "m"));

    r = await c.exec("gracectl", "stop", "web");
    assert.equal(r.stdout, "web: stopped\n");
    assert.match(await c.logs(), new RegExp(`^web \\| CLEANUP ${after} `, "m"));
    r = await c.exec("gracectl", "status", "web");
    assert.equal(r.code, 3);
    assert.match(r.stdout, /^web +STOPPED/);
  });

  it("docker kill -s HUP rereads the config: an added program starts, the others keep their pids", async () => {
    const ticker = await pidOf("ticker");
    writeFileSync(join(c.confDir, "grace.conf"), CONF + program("added", `${fixtureIn("records-term.sh")} - 0`));
    await c.engine.must("kill", "-s", "HUP", c.id);
    await c.waitForLogs("added | START");
    assert.equal(await pidOf("ticker"), ticker);
    assert.match(await c.logs(), /received SIGHUP: rereading the config/);
  });

  it("docker exec gracectl shutdown prints each program's line as it stops, exits 0, then the container exits 0", async () => {
    const ctl = c.execLive("gracectl", "shutdown");
    await waitUntil("ticker's line", () => (ctl.log.includes("ticker: stopped\n") ? true : undefined), 10_000);
    // printed as it happened: slow is still in its 3 s clean-up
    assert.doesNotMatch(await c.logs(), /^slow \| CLEANUP /m);
    const exit = await ctl.exited;
    // before the fix: 137 (gracectl waited for pid 1 to go, and died with the container) and no output
    assert.deepEqual(exit, { code: 0, signal: null }, ctl.log);
    assert.deepEqual(ctl.log.split("\n").sort(), ["", "Shut down", "added: stopped", "slow: stopped", "ticker: stopped"]);
    const state = await c.waitExit();
    assert.equal(state.ExitCode, 0, await c.logs());
    assert.match(await c.logs(), /^slow \| CLEANUP /m);
  });
});
