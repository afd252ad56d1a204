import assert from "node:assert/strict";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, it } from "node:test";
import { autoLogPath, cleanAutoLogs, isAutoLogName } from "./auto-paths.js";

describe("AUTO log names", () => {
  it("say which process and stream they belong to", () => {
    const p = autoLogPath("/var/log/grace", "workers:w_01", "stderr", "grace");
    assert.match(basename(p), /^workers_w_01-stderr---grace-[0-9a-f]{6}\.log$/);
    assert.equal(isAutoLogName(basename(p), "grace"), true);
    assert.equal(isAutoLogName(`${basename(p)}.3`, "grace"), true, "backups too");
    assert.equal(isAutoLogName(basename(p), "other"), false, "another identifier's files are not ours");
    assert.equal(isAutoLogName("web.log", "grace"), false);
  });

  it("a random part that changes from name to name, past a refill of the random pool", () => {
    const parts = Array.from({ length: 150 }, () => /-([0-9a-f]{6})\.log$/.exec(autoLogPath("/l", "web", "stdout", "grace"))?.[1]);
    assert.ok(parts.every((p) => p !== undefined));
    assert.ok(new Set(parts).size > 140, `${new Set(parts).size} different of 150`);
  });

  it("cleanup removes old AUTO logs and their backups, and nothing else", () => {
    const dir = mkdtempSync(join(tmpdir(), "grace-auto-"));
    const ours = ["web-stdout---grace-a1b2c3.log", "web-stdout---grace-a1b2c3.log.1", "db-stderr---grace-000000.log"];
    const theirs = ["web.log", "web-stdout---other-a1b2c3.log", "notes.txt"];
    for (const f of [...ours, ...theirs]) writeFileSync(join(dir, f), "x");
    assert.equal(cleanAutoLogs(dir, "grace"), 3);
    for (const f of ours) assert.equal(existsSync(join(dir, f)), false, f);
    for (const f of theirs) assert.equal(existsSync(join(dir, f)), true, f);
    assert.equal(cleanAutoLogs(join(dir, "missing"), "grace"), 0);
  });
});
