import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { startDaemon, type TestDaemon } from "../helpers/daemon.js";
import { fixture, GRACECTL } from "../helpers/paths.js";

type Ended = { code: number | null; stderr: string };

/** Run gracectl, close its stdout after the first chunk (as `| head -1` does), and wait for it. */
function runThenCloseStdout(args: string[]): Promise<Ended> {
  const child = spawn(GRACECTL, args, { env: { ...process.env, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  child.stdout.once("data", () => child.stdout.destroy());
  const deadline = setTimeout(() => child.kill("SIGKILL"), 10_000);
  return new Promise((resolve) =>
    child.once("close", (code) => {
      clearTimeout(deadline);
      resolve({ code, stderr });
    }),
  );
}

// `gracectl tail -f web | head -1`: the reader goes away; gracectl must end quietly, not crash.
describe("gracectl when its reader closes the pipe", () => {
  let d: TestDaemon;
  before(async () => {
    d = await startDaemon(`
[program:ticker]
command = ${fixture("ticks.sh")}
startsecs = 0
`);
    await d.waitForState("ticker", "RUNNING");
  });
  after(() => d.stop());

  it("tail -f ends quietly with exit 0 and no stack trace", async () => {
    const ended = await runThenCloseStdout(["-s", `unix://${d.socket}`, "tail", "-f", "ticker"]);
    assert.doesNotMatch(ended.stderr, /EPIPE|at .*\(|Error/);
    assert.equal(ended.code, 0);
  });
});
