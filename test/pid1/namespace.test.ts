import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fixture, GRACED } from "../helpers/paths.js";
import { waitUntil } from "../helpers/wait.js";

/** The pid (outside the namespace) of the namespace's PID 1: unshare --fork's only child. */
function childOf(pid: number): number | undefined {
  try {
    const kids = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean);
    return kids.length === 1 ? Number(kids[0]) : undefined;
  } catch {
    return undefined;
  }
}

describe("graced as PID 1 in a PID namespace", () => {
  it("gets SIGTERM like docker stop does, and every program gets its SIGTERM; exit 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "grace-pid1-"));
    const programs = ["one", "two", "three"];
    const conf = join(dir, "grace.conf");
    writeFileSync(
      conf,
      `[unix_http_server]\nfile = ${join(dir, "grace.sock")}\n\n` +
        programs
          .map((n) => `[program:${n}]\ncommand = ${fixture("records-term.sh")} ${join(dir, `${n}.log`)} 0.2\nstartsecs = 0\n`)
          .join("\n"),
    );
    const unshare = spawn("unshare", ["--pid", "--fork", "--mount-proc", process.execPath, GRACED, "-c", conf], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    unshare.stdout.on("data", (d: Buffer) => {
      out += d;
    });
    unshare.stderr.on("data", (d: Buffer) => {
      out += d;
    });
    const exited = new Promise<number | null>((resolve) => unshare.on("exit", (code) => resolve(code)));

    const pid1 = await waitUntil("the namespace's PID 1", () => childOf(unshare.pid as number));
    const status = readFileSync(`/proc/${pid1}/status`, "utf8");
    assert.match(status, /^NSpid:\s+\d+\s+1$/m, "graced is PID 1 inside its namespace");
    const started = (n: string) => {
      try {
        return readFileSync(join(dir, `${n}.log`), "utf8").includes("START");
      } catch {
        return false;
      }
    };
    await waitUntil("every program to be up", () => (programs.every(started) ? true : undefined), 10_000);
    // docker stop: SIGTERM to PID 1 from outside, SIGKILL after the grace period
    process.kill(pid1, "SIGTERM");
    const killer = setTimeout(() => process.kill(pid1, "SIGKILL"), 10_000);
    const code = await exited;
    clearTimeout(killer);

    assert.equal(code, 0, out);
    for (const n of programs) {
      const log = readFileSync(join(dir, `${n}.log`), "utf8");
      assert.match(log, /^TERM /m, `${n} got SIGTERM`);
      assert.match(log, /^CLEANUP /m, `${n} finished its cleanup`);
    }
  });
});
