import assert from "node:assert/strict";
import { it } from "node:test";
import { Container, describeDocker, fixtureIn, program } from "../helpers/container.js";

/** A program that needs `seconds` to clean up after SIGTERM; its lines go to graced (and so to docker logs). */
const slow = (name: string, seconds: number, extra = "") => program(name, `${fixtureIn("records-term.sh")} - ${seconds}`, extra);

describeDocker("docker stop of a container whose PID 1 is graced", (engine) => {
  it("default docker stop: 1 s programs, one behind sh -c without exec, and an escaped double-forked daemon all clean up; exit 0", async (t) => {
    const c = await Container.run(engine(), {
      conf:
        slow("slow1", 1) +
        slow("slow2", 1) +
        program("wrapped", `/bin/sh -c "${fixtureIn("records-term.sh")} - 1; echo never"`) +
        program("forks", `${fixtureIn("double-fork.sh")} -`),
    });
    for (const line of ["slow1 | START", "slow2 | START", "wrapped | START", "forks | DAEMON "]) await c.waitForLogs(line);

    const { seconds, state } = await c.stop();
    const logs = await c.logs();
    t.diagnostic(`docker stop took ${seconds.toFixed(2)} s (graced's budget 9 s, docker's SIGKILL at 10 s)`);

    // exit 0, not docker's 137: graced exited by itself, after every clean-up below
    assert.equal(state.ExitCode, 0, logs);
    for (const name of ["slow1", "slow2", "wrapped"]) {
      assert.match(logs, new RegExp(`^${name} \\| TERM `, "m"), logs);
      assert.match(logs, new RegExp(`^${name} \\| CLEANUP `, "m"), logs);
    }
    assert.doesNotMatch(logs, /wrapped \| never/);
    // the daemon left the program's process group: graced's sweep found it and sent SIGTERM
    assert.match(logs, /^forks \| DAEMON-TERM /m, logs);
    assert.match(logs, /swept \d+ leftover process\(es\)/, logs);
    assert.match(logs, /shutdown complete in [\d.]+s: 4 program\(s\) stopped, 0 killed.*exit status 0/, logs);
  });

  it("docker stop -t 3 with GRACE_SHUTDOWN_TIMEOUT=2: graced itself SIGKILLs the program that ignores SIGTERM, exits 1", async (t) => {
    const c = await Container.run(engine(), {
      conf: program("stubborn", `${fixtureIn("ignores-term.sh")} -`) + slow("polite", 0.5),
      env: { GRACE_SHUTDOWN_TIMEOUT: "2" },
    });
    await c.waitForLogs("stubborn | START");
    await c.waitForLogs("polite | START");

    const { seconds, state } = await c.stop("-t", "3");
    const logs = await c.logs();
    t.diagnostic(`docker stop -t 3 took ${seconds.toFixed(2)} s (graced's budget 2 s)`);

    // 1, not docker's 137: the SIGKILL was graced's, inside its budget
    assert.equal(state.ExitCode, 1, logs);
    assert.match(logs, /^stubborn \| TERM /m, "it was asked first");
    assert.match(logs, /^polite \| CLEANUP /m, logs);
    assert.match(logs, /shutdown: stubborn killed with SIGKILL after/, logs);
    assert.match(logs, /shutdown: polite exited with code 0/, logs);
    assert.match(logs, /stopping all programs within 2s/, logs);
  });

  it("--stop-timeout 30 with GRACE_SHUTDOWN_TIMEOUT=29: a program that needs 10.5 s to clean up gets them; exit 0", async (t) => {
    const c = await Container.run(engine(), {
      conf: slow("long", 10.5, "stopwaitsecs = 20\n"),
      env: { GRACE_SHUTDOWN_TIMEOUT: "29" },
      flags: ["--stop-timeout", "30"],
    });
    await c.waitForLogs("long | START");

    const { seconds, state } = await c.stop();
    const logs = await c.logs();
    t.diagnostic(`docker stop took ${seconds.toFixed(2)} s (graced's budget 29 s, docker's SIGKILL at 30 s)`);

    // with the defaults, graced would have killed it at 8.3 s (exit 1) and docker at 10 s (137)
    assert.equal(state.ExitCode, 0, logs);
    assert.match(logs, /^long \| CLEANUP /m, logs);
    assert.match(logs, /stopping all programs within 29s/, logs);
    assert.match(logs, /shutdown: long exited with code 0 after 1\d\.\d+s/, logs);
  });
});
