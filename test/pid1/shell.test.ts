import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { linesOf, startInNamespace } from "../helpers/namespace.js";
import { skipUnless } from "../helpers/needs.js";
import { fixture } from "../helpers/paths.js";
import { waitUntil } from "../helpers/wait.js";

describe("the Dockerfile shell form", { skip: skipUnless("pid-namespace") }, () => {
  it("warns with the exec form when graced's parent is a shell that is PID 1 (which swallows docker stop)", async () => {
    const ns = await startInNamespace(`[program:web]\ncommand = ${fixture("records-term.sh")} %(here)s/web.log 0\nstartsecs = 0\n`, {
      underShell: true,
    });
    await ns.waitForLog(/runs under a shell \(sh\) that is PID 1/);
    assert.match(ns.log, /Use the Dockerfile exec form: CMD \["graced", "-c", ".*grace\.conf"\]/);
    await waitUntil("web to run", () => (linesOf(ns.path("web.log")).length > 0 ? true : undefined));
    // the failure the warning is about: the shell as PID 1 ignores SIGTERM, docker has to SIGKILL
    const exit = await ns.dockerStop(1_500);
    assert.equal(exit.killedByDocker, true);
    assert.equal(
      linesOf(ns.path("web.log")).some((l) => l.startsWith("TERM")),
      false,
      "the program never got SIGTERM",
    );
  });
});
