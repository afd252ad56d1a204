import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Captured } from "../helpers/captured.js";
import { ROOT } from "../helpers/paths.js";
import { waitUntil } from "../helpers/wait.js";

/**
 * A copy of the demo (scripts/demo.sh, examples/) whose fixed /tmp/grace-demo is a fresh
 * directory of its own (not made yet: graced makes it), so a demo someone runs meanwhile is
 * left alone; bin/ is the real one.
 */
function copyDemo(): { dir: string; runDir: string } {
  const dir = mkdtempSync(join(tmpdir(), "grace-demo-test-"));
  const runDir = join(dir, "run", "grace-demo");
  const files = ["scripts/demo.sh", "examples/demo.conf", ...readdirSync(join(ROOT, "examples/demo")).map((f) => `examples/demo/${f}`)];
  for (const f of files) {
    mkdirSync(join(dir, f, ".."), { recursive: true });
    writeFileSync(join(dir, f), readFileSync(join(ROOT, f), "utf8").replaceAll("/tmp/grace-demo", runDir));
  }
  symlinkSync(join(ROOT, "bin"), join(dir, "bin"));
  cpSync(join(ROOT, "package.json"), join(dir, "package.json"));
  return { dir, runDir };
}

describe("pnpm demo", () => {
  it("shows the status and how to find graced's pid, and a Ctrl-C after a clean stop exits 0", async () => {
    const { dir } = copyDemo();
    // what `pnpm demo` runs after its build, through a shell as pnpm does
    const script = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).scripts.demo as string;
    assert.match(script, /^pnpm build && /);
    const run = script.replace(/^pnpm build && /, "");
    // its own process group, as a terminal's foreground job: Ctrl-C is SIGINT to the group
    const child = spawn("sh", ["-c", run], { cwd: dir, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    const out = new Captured(child);
    const pgid = child.pid as number;
    try {
      await waitUntil("the demo's hints", () => (out.log.includes("Press Ctrl-C") ? true : undefined), 20_000);
      assert.match(out.log, /^api +RUNNING +pid \d+/m);
      assert.match(out.log, /^chatty +RUNNING +pid \d+/m);
      const pid = Number(/graced runs with pid (\d+)/.exec(out.log)?.[1]);
      assert.ok(pid > 0, out.log);
      assert.match(out.log, /kill -TERM \$\(bin\/gracectl -c examples\/demo.conf pid\)/);
      assert.doesNotMatch(out.log, /warning|WARN/, "no false warning about the demo's directory");

      process.kill(-pgid, "SIGINT");
      const exit = await out.exited;
      assert.deepEqual(exit, { code: 0, signal: null }, out.log);
      assert.match(out.log, /shutdown complete in [\d.]+s: 3 program\(s\) stopped, 0 killed; exit status 0/);
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-pgid, "SIGKILL");
    }
  });
});
