import assert from "node:assert/strict";
import { it } from "node:test";
import { buildImage, CONF_IN, Container, describeDocker, fixtureIn, program, TEST_IMAGE } from "../helpers/container.js";

describeDocker("PID 1 set-ups in a real container", (engine) => {
  it("the shell-form CMD: graced warns with the exec form; sh as PID 1 swallows docker stop's SIGTERM", async (t) => {
    // docs/container.md's WRONG example, as written: Debian's dash stays PID 1 even for one command
    await buildImage(engine(), "grace-shell-form", `FROM ${TEST_IMAGE}\nCMD graced -c ${CONF_IN}\n`);
    const c = await Container.run(engine(), {
      image: "grace-shell-form",
      // graced is not PID 1 here either: echo program output to docker logs on purpose
      conf: `[supervisord]\necho_output = true\n\n${program("web", `${fixtureIn("records-term.sh")} - 0`)}`,
      cmd: [],
    });
    await c.waitForLogs("web | START");
    assert.equal((await c.exec("cat", "/proc/1/comm")).stdout.trim(), "sh");
    assert.match(
      await c.logs(),
      new RegExp(`runs under a shell \\(sh\\) that is PID 1.*exec form: CMD \\["graced", "-c", "${CONF_IN}"\\]`),
    );

    const { seconds, state } = await c.stop("-t", "2");
    t.diagnostic(`docker stop -t 2 took ${seconds.toFixed(2)} s and ended in docker's SIGKILL`);
    // what the warning is about: 137 = docker's SIGKILL, and the program never heard of it
    assert.equal(state.ExitCode, 137);
    assert.doesNotMatch(await c.logs(), /^web \| TERM /m);
  });

  it("docker run --init: graced is not PID 1, becomes the subreaper, sweeps an escaped daemon, exits 0", async (t) => {
    const c = await Container.run(engine(), {
      // not PID 1, so echo_output's auto is off: docker logs shows program output only when asked
      conf: `[supervisord]\necho_output = true\nloglevel = debug\n\n${program("forks", `${fixtureIn("double-fork.sh")} -`)}${program(
        "slow",
        `${fixtureIn("records-term.sh")} - 1`,
      )}`,
      flags: ["--init"],
    });
    await c.waitForLogs("forks | DAEMON ");
    await c.waitForLogs("slow | START");
    assert.equal((await c.exec("cat", "/proc/1/comm")).stdout.trim(), "docker-init");
    assert.notEqual(Number((await c.exec("gracectl", "pid")).stdout.trim()), 1);
    assert.match(await c.logs(), /graced is a child subreaper/);

    const { seconds, state } = await c.stop();
    const logs = await c.logs();
    t.diagnostic(`docker stop through docker-init took ${seconds.toFixed(2)} s`);
    assert.equal(state.ExitCode, 0, logs);
    assert.match(logs, /^slow \| CLEANUP /m, logs);
    // the daemon's parent exited: it came to graced (the subreaper), not to docker-init, so
    // graced's sweep found it among its descendants and sent it SIGTERM
    assert.match(logs, /^forks \| DAEMON-TERM /m, logs);
    assert.match(logs, /swept \d+ leftover process\(es\)/, logs);
  });
});
