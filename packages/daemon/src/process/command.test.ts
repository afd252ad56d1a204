import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { resolveProgram } from "./command.js";

describe("resolveProgram", () => {
  const dir = mkdtempSync(join(tmpdir(), "grace-cmd-"));
  writeFileSync(join(dir, "runme"), "#!/bin/sh\n", { mode: 0o755 });
  writeFileSync(join(dir, "noexec"), "#!/bin/sh\n", { mode: 0o644 });
  mkdirSync(join(dir, "adir"));
  it("finds a program on PATH", () => assert.equal(resolveProgram("runme", `/nonexistent:${dir}`, "/"), join(dir, "runme")));
  it("resolves a relative path against the working directory", () =>
    assert.equal(resolveProgram("./runme", undefined, dir), join(dir, "runme")));
  it("says can't find", () => assert.throws(() => resolveProgram("nope-grace", dir, "/"), /^Error: can't find command 'nope-grace'$/));
  it("says is a directory", () =>
    assert.throws(() => resolveProgram(join(dir, "adir"), undefined, "/"), /command at '.*adir' is a directory/));
  it("says not executable", () => {
    // root may execute anything with some x bit; a 0644 file has none
    assert.throws(() => resolveProgram(join(dir, "noexec"), undefined, "/"), /command at '.*noexec' is not executable/);
  });
});
