import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Diagnostic } from "@grace/ini";
import { checkOutput } from "./check.js";
import { defaultDaemon, defaultProgram, defaultServer } from "./config/defaults.js";
import type { Config } from "./config/model.js";

const warning: Diagnostic = {
  severity: "warning",
  file: "/c.conf",
  line: 3,
  section: "program:w",
  key: "numproc",
  message: "unknown key, ignored",
};
const error: Diagnostic = {
  severity: "error",
  file: "/c.conf",
  line: 4,
  section: "program:w",
  key: "startsecs",
  message: 'expected a non-negative integer, got "ten"',
};
const config: Config = {
  file: "/c.conf",
  daemon: defaultDaemon("/tmp"),
  server: defaultServer(),
  programs: [{ ...defaultProgram("w", { file: "/c.conf", line: 1 }), command: "run" }],
  groups: [{ name: "w", priority: 999, programs: ["w"] }],
  warnings: [warning],
};
const ok = { config, diagnostics: [warning] };
const failed = { config: undefined, diagnostics: [warning, error] };

describe("checkOutput", () => {
  it("a usable config with warnings exits 0 and prints the warnings", () => {
    const out = checkOutput("c.conf", ok, { strict: false, json: false });
    assert.equal(out.code, 0);
    assert.equal(out.stderr, "/c.conf:3: [program:w] numproc: warning: unknown key, ignored\n");
    assert.equal(out.stdout, "c.conf: ok, 1 process, 1 warning\n");
  });

  it("--strict makes a warning fatal", () => {
    assert.equal(checkOutput("c.conf", ok, { strict: true, json: false }).code, 2);
    assert.deepEqual(JSON.parse(checkOutput("c.conf", ok, { strict: true, json: true }).stdout), {
      errors: ["/c.conf:3: [program:w] numproc: warning: unknown key, ignored"],
    });
  });

  it("a note never fails, not even under --strict, and is counted apart", () => {
    const note: Diagnostic = { severity: "note", file: "/c.conf", line: 1, section: "eventlistener:ds", message: "section skipped" };
    const noted = { config: { ...config, warnings: [note] }, diagnostics: [note] };
    const out = checkOutput("c.conf", noted, { strict: true, json: false });
    assert.equal(out.code, 0);
    assert.equal(out.stderr, "/c.conf:1: [eventlistener:ds]: note: section skipped\n");
    assert.equal(out.stdout, "c.conf: ok, 1 process, 0 warnings, 1 note\n");
  });

  it("errors exit 2 and come first", () => {
    const out = checkOutput("c.conf", failed, { strict: false, json: false });
    assert.equal(out.code, 2);
    assert.match(out.stderr, /^\/c.conf:4: \[program:w\] startsecs: expected .*\n\/c.conf:3: .*\nc.conf: 1 error, 1 warning\n$/);
  });

  it("--json prints the model with the program keys in the documented order", () => {
    const json = JSON.parse(checkOutput("c.conf", ok, { strict: false, json: true }).stdout);
    assert.deepEqual(Object.keys(json), ["programs", "groups", "warnings"]);
    assert.deepEqual(json.groups, { w: 999 });
    assert.deepEqual(Object.keys(json.programs[0]).slice(0, 4), ["group", "name", "command", "priority"]);
    assert.equal(json.programs[0].stdout_logfile, "AUTO");
  });

  it("--json on errors prints only the errors", () => {
    const out = checkOutput("c.conf", failed, { strict: false, json: true });
    assert.equal(out.code, 2);
    assert.deepEqual(JSON.parse(out.stdout), { errors: ['/c.conf:4: [program:w] startsecs: expected a non-negative integer, got "ten"'] });
  });
});
