import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault, type ProcessInfo, type StatusResult } from "@grace/protocol";
import { colourEnabled } from "./colour.js";
import { paintState } from "./paint.js";
import { renderJsonStatus, renderPlainStatus } from "./status.js";
import { renderTableStatus } from "./table.js";

const proc = (name: string, statename: ProcessInfo["statename"], description: string, group = name): ProcessInfo =>
  ({ fullName: `${group}:${name}`, name, group, statename, description, pid: statename === "RUNNING" ? 42 : 0 }) as ProcessInfo;

const web = proc("web", "RUNNING", "pid 42, uptime 0:01:02");
const db = proc("db", "EXITED", "exit status 3, Nov 27 11:04 PM");
const w1 = proc("w1", "FATAL", "can't find command 'nope'", "workers");
const unknown = { name: "nope", group: "nope", fullName: "nope", status: Fault.BAD_NAME, description: "no such process" } as const;
const result = (processes: ProcessInfo[], u: StatusResult["unknown"] = []): StatusResult => ({ processes, unknown: u });
const noPaint = (_s: string, t: string) => t;

describe("plain status (supervisorctl's columns)", () => {
  const cases: { name: string; input: StatusResult; lines: string[]; exit: number }[] = [
    { name: "all running exits 0", input: result([web]), lines: [`web${" ".repeat(30)}RUNNING   pid 42, uptime 0:01:02`], exit: 0 },
    {
      name: "an exited process exits 3 and shows its exit status",
      input: result([web, db]),
      lines: [`web${" ".repeat(30)}RUNNING   pid 42, uptime 0:01:02`, `db${" ".repeat(31)}EXITED    exit status 3, Nov 27 11:04 PM`],
      exit: 3,
    },
    {
      name: "group members show group:name",
      input: result([w1]),
      lines: [`workers:w1${" ".repeat(23)}FATAL     can't find command 'nope'`],
      exit: 3,
    },
    {
      name: "an unknown name exits 4",
      input: result([web], [unknown]),
      lines: [`web${" ".repeat(30)}RUNNING   pid 42, uptime 0:01:02`, "nope: ERROR (no such process)"],
      exit: 4,
    },
    {
      name: "a long name widens the column",
      input: result([proc("a".repeat(40), "STOPPED", "Not started")]),
      lines: [`${"a".repeat(40)}   STOPPED   Not started`],
      exit: 3,
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = renderPlainStatus(c.input);
      assert.deepEqual(r.text.split("\n"), c.lines);
      assert.equal(r.exitCode, c.exit);
    });
  }

  it("with colour, pads the state before painting so columns stay aligned", () => {
    const r = renderPlainStatus(result([web]), paintState);
    assert.equal(r.text, `web${" ".repeat(30)}\x1b[32mRUNNING   \x1b[39mpid 42, uptime 0:01:02`);
  });
});

describe("JSON status", () => {
  it("is the StatusResult as is, with the same exit code", () => {
    const r = renderJsonStatus(result([web], [unknown]));
    assert.deepEqual(JSON.parse(r.text), { processes: [web], unknown: [unknown] });
    assert.equal(r.exitCode, 4);
  });
});

describe("terminal table", () => {
  it("without colour has no escape codes and one row per process", () => {
    const r = renderTableStatus(result([web, db]), noPaint);
    assert.ok(!r.text.includes("\x1b["));
    assert.match(r.text, /│ web +│ RUNNING +│ pid 42, uptime 0:01:02 +│/);
    assert.match(r.text, /│ db +│ EXITED +│ exit status 3, Nov 27 11:04 PM +│/);
    assert.equal(r.exitCode, 3);
  });

  it("with colour paints RUNNING green, EXITED and FATAL red", () => {
    const r = renderTableStatus(result([web, db, w1]), paintState);
    assert.ok(r.text.includes("\x1b[32mRUNNING\x1b[39m"));
    assert.ok(r.text.includes("\x1b[31mEXITED\x1b[39m"));
    assert.ok(r.text.includes("\x1b[31mFATAL\x1b[39m"));
  });

  it("says so when there are no programs, and lists unknown names below", () => {
    const r = renderTableStatus(result([], [unknown]), noPaint);
    assert.equal(r.text, "no programs\nnope: ERROR (no such process)");
  });
});

describe("colourEnabled", () => {
  const cases: { env: Record<string, string>; tty: boolean; flag: boolean; on: boolean }[] = [
    { env: {}, tty: true, flag: false, on: true },
    { env: {}, tty: false, flag: false, on: false },
    { env: {}, tty: true, flag: true, on: false },
    { env: { NO_COLOR: "1" }, tty: true, flag: false, on: false },
    { env: { NO_COLOR: "" }, tty: true, flag: false, on: true },
    { env: { FORCE_COLOR: "1" }, tty: false, flag: false, on: true },
    { env: { FORCE_COLOR: "0" }, tty: true, flag: false, on: false },
    { env: { FORCE_COLOR: "1", NO_COLOR: "1" }, tty: false, flag: false, on: false },
    { env: { FORCE_COLOR: "1" }, tty: true, flag: true, on: false },
  ];
  for (const c of cases) {
    it(`${JSON.stringify(c.env)} tty=${c.tty} --no-color=${c.flag} → ${c.on ? "on" : "off"}`, () => {
      assert.equal(colourEnabled(c.env, c.tty, c.flag), c.on);
    });
  }
});
