import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { readConfigTarget, UsageError } from "./target.js";

function config(text: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "grace-target-"));
  const file = join(dir, "grace.conf");
  writeFileSync(file, text);
  return { dir, file };
}

describe("readConfigTarget expands like graced", () => {
  it("%(here)s and %(ENV_X)s in [supervisorctl]", () => {
    process.env.GRACE_TARGET_TEST_USER = "ops";
    const { dir, file } = config(
      "[supervisorctl]\nserverurl=unix://%(here)s/s.sock\nusername=%(ENV_GRACE_TARGET_TEST_USER)s\npassword=p%%w",
    );
    assert.deepEqual(readConfigTarget(file), { socket: `${dir}/s.sock`, username: "ops", password: "p%w" });
  });

  it("falls back to [unix_http_server] file", () => {
    const { dir, file } = config("[unix_http_server]\nfile=%(here)s/g.sock");
    assert.equal(readConfigTarget(file).socket, `${dir}/g.sock`);
  });

  it("an unknown name is a usage error with file:line", () => {
    const { file } = config("[supervisorctl]\n\nserverurl=unix://%(nope)s/s.sock");
    assert.throws(
      () => readConfigTarget(file),
      (e: unknown) => e instanceof UsageError && /grace.conf:3: \[supervisorctl\] serverurl: unknown name %\(nope\)s/.test(e.message),
    );
  });
});
