import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault, type FaultCode, type FaultData, type NameKind, type NameResult, RpcError } from "@grace/protocol";
import { DeadlineError, RemoteError, UnreachableError, UsageError } from "../errors.js";
import { commanderExit, kindOf, readGroupFault, readResult, renderFailure, renderRefusal, type Verb } from "./faults.js";

const SOCKET = "/run/grace/grace.sock";

/** A per-name outcome; graced's prose is deliberately unlike the words gracectl prints. */
const result = (status: FaultCode, over: Partial<NameResult> = {}): NameResult => ({
  name: "web",
  group: "web",
  fullName: "web:web",
  status,
  description: "graced's own words",
  ...over,
});
const unknown = (kind: NameKind | undefined, fullName = "web"): NameResult =>
  result(Fault.BAD_NAME, { fullName, description: kind === "group" ? "no such process" : "no such group", kind });

describe("readResult: a per-name fault → words and exit code, per verb (SPEC §6)", () => {
  const cases: { verb: Verb; r: NameResult; words: string; exit: number }[] = [
    { verb: "start", r: result(Fault.SUCCESS), words: "started", exit: 0 },
    { verb: "stop", r: result(Fault.SUCCESS), words: "stopped", exit: 0 },
    { verb: "restart", r: result(Fault.SUCCESS), words: "started", exit: 0 },
    { verb: "signal", r: result(Fault.SUCCESS), words: "signalled", exit: 0 },
    { verb: "clear", r: result(Fault.SUCCESS), words: "cleared", exit: 0 },
    { verb: "wait", r: result(Fault.SUCCESS, { description: "running" }), words: "running", exit: 0 },
    { verb: "start", r: result(Fault.ALREADY_STARTED), words: "ERROR (already started)", exit: 0 },
    { verb: "stop", r: result(Fault.NOT_RUNNING), words: "ERROR (not running)", exit: 0 },
    { verb: "clear", r: result(Fault.NOT_RUNNING), words: "ERROR (not running)", exit: 0 },
    { verb: "signal", r: result(Fault.NOT_RUNNING), words: "ERROR (not running)", exit: 7 },
    { verb: "signal", r: result(Fault.BAD_SIGNAL), words: "ERROR (bad signal name)", exit: 1 },
    { verb: "start", r: result(Fault.SPAWN_ERROR), words: "ERROR (spawn error)", exit: 7 },
    { verb: "start", r: result(Fault.ABNORMAL_TERMINATION), words: "ERROR (abnormal termination)", exit: 7 },
    { verb: "start", r: result(Fault.NO_FILE), words: "ERROR (no such file)", exit: 7 },
    { verb: "start", r: result(Fault.NOT_EXECUTABLE), words: "ERROR (file is not executable)", exit: 7 },
    { verb: "stop", r: result(Fault.SHUTDOWN_STATE), words: "ERROR (graced is shutting down)", exit: 1 },
    { verb: "stop", r: result(Fault.STILL_RUNNING), words: "ERROR (still stopping)", exit: 1 },
    { verb: "wait", r: result(Fault.FAILED), words: "ERROR (graced's own words)", exit: 1 },
    { verb: "stop", r: result(12345 as FaultCode), words: "ERROR (graced's own words)", exit: 1 },
    // BAD_NAME by `kind`, never by graced's description (which says the opposite here)
    { verb: "stop", r: unknown("group"), words: "ERROR (no such group)", exit: 2 },
    { verb: "stop", r: unknown("process"), words: "ERROR (no such process)", exit: 1 },
    { verb: "clear", r: unknown("group"), words: "ERROR (no such group)", exit: 2 },
    { verb: "status", r: unknown("group"), words: "ERROR (no such group)", exit: 4 },
    { verb: "status", r: unknown("process"), words: "ERROR (no such process)", exit: 4 },
    { verb: "pid", r: unknown("group"), words: "ERROR (no such group)", exit: 1 },
    { verb: "pid", r: unknown("process"), words: "ERROR (no such process)", exit: 1 },
    // a graced that sends no `kind`: the name's form decides
    { verb: "stop", r: unknown(undefined, "web:*"), words: "ERROR (no such group)", exit: 2 },
    { verb: "stop", r: unknown(undefined, "web"), words: "ERROR (no such process)", exit: 1 },
  ];
  for (const c of cases) {
    it(`${c.verb}, status ${c.r.status}${c.r.status === Fault.BAD_NAME ? ` (${c.r.kind ?? c.r.fullName})` : ""} → ${c.words}, ${c.exit}`, () => {
      assert.deepEqual(readResult(c.r, c.verb), { words: c.words, exitCode: c.exit });
    });
  }

  it("kind comes from graced when it says, else from the name's form", () => {
    assert.equal(kindOf(unknown("group", "web")), "group");
    assert.equal(kindOf(unknown("process", "web:*")), "process");
    assert.equal(kindOf(unknown(undefined, "web:*")), "group");
    assert.equal(kindOf(unknown(undefined, "web:api")), "process");
  });
});

describe("readGroupFault: update/reload and add/remove, in supervisorctl's lines", () => {
  const group = (status: FaultCode) => ({ group: "web", status, description: "graced's own words" });
  const cases: { verb: "update" | "add"; status: FaultCode; words: string; exit: number }[] = [
    { verb: "update", status: Fault.BAD_NAME, words: "ERROR: no such group: web", exit: 2 },
    { verb: "update", status: Fault.SHUTDOWN_STATE, words: "web: ERROR (graced's own words)", exit: 1 },
    { verb: "add", status: Fault.ALREADY_ADDED, words: "ERROR: process group already active", exit: 0 },
    { verb: "add", status: Fault.BAD_NAME, words: "ERROR: no such process/group: web", exit: 1 },
    { verb: "add", status: Fault.STILL_RUNNING, words: "ERROR: process/group still running: web", exit: 1 },
    { verb: "add", status: Fault.SHUTDOWN_STATE, words: "ERROR: shutting down", exit: 1 },
    { verb: "add", status: Fault.FAILED, words: "ERROR: web: graced's own words", exit: 1 },
  ];
  for (const c of cases) {
    it(`${c.verb}, status ${c.status} → ${c.words}, ${c.exit}`, () => {
      assert.deepEqual(readGroupFault(group(c.status), c.verb), { words: c.words, exitCode: c.exit });
    });
  }
});

const remote = (code: number, message: string, data?: Partial<FaultData>) => new RemoteError(code, message, data, SOCKET);

describe("RemoteError: the fault by name, from data, else from the code", () => {
  const cases: { name: string; e: RemoteError; fault: string | undefined }[] = [
    { name: "data names it", e: remote(Fault.NO_FILE, "x", { fault: "NO_FILE", path: "/var/log/web.log" }), fault: "NO_FILE" },
    { name: "data wins over the code", e: remote(Fault.FAILED, "x", { fault: "BAD_NAME", kind: "process" }), fault: "BAD_NAME" },
    { name: "no data: the code", e: remote(Fault.CANT_REREAD, "x"), fault: "CANT_REREAD" },
    { name: "a name graced does not have: the code", e: remote(Fault.NO_FILE, "x", { fault: "toString" as never }), fault: "NO_FILE" },
    { name: "a transport error has none", e: remote(RpcError.INVALID_PARAMS, "x"), fault: undefined },
  ];
  for (const c of cases) it(c.name, () => assert.equal(c.e.fault, c.fault));
});

describe("renderRefusal: a refused call the verb words itself", () => {
  const cases: { name: string; e: unknown; verb: Verb; out: ReturnType<typeof renderRefusal> }[] = [
    {
      name: "tail of an unknown name",
      e: remote(Fault.BAD_NAME, "no such process: nope", { fault: "BAD_NAME", kind: "process" }),
      verb: "tail",
      out: { text: "", error: "nope: ERROR (no such process)", exitCode: 1 },
    },
    {
      name: "tail of a stream with no file (no data: from the code)",
      e: remote(Fault.NO_FILE, "nope: no stdout log file to read"),
      verb: "tail",
      out: { text: "", error: "nope: ERROR (no log file: nope: no stdout log file to read)", exitCode: 1 },
    },
    {
      name: "tail with bad params: graced's message",
      e: remote(RpcError.INVALID_PARAMS, "invalid params: bytes must be …"),
      verb: "tail",
      out: { text: "", error: "nope: ERROR (invalid params: bytes must be …)", exitCode: 1 },
    },
    {
      name: "reread of a config graced cannot read",
      e: remote(Fault.CANT_REREAD, "x.conf:3: bad", { fault: "CANT_REREAD" }),
      verb: "reread",
      out: { text: "ERROR: x.conf:3: bad", exitCode: 1 },
    },
    {
      name: "update, likewise",
      e: remote(Fault.CANT_REREAD, "x.conf:3: bad"),
      verb: "update",
      out: { text: "ERROR: x.conf:3: bad", exitCode: 1 },
    },
    {
      name: "reload, likewise",
      e: remote(Fault.CANT_REREAD, "x.conf:3: bad"),
      verb: "reload",
      out: { text: "ERROR: x.conf:3: bad", exitCode: 1 },
    },
    { name: "maintail has no words of its own", e: remote(Fault.NO_FILE, "no file"), verb: "maintail", out: undefined },
    {
      name: "an unauthorized tail is a failure to reach graced",
      e: remote(Fault.UNAUTHORIZED, "unauthorized: x"),
      verb: "tail",
      out: undefined,
    },
    { name: "not a remote error", e: new DeadlineError(3), verb: "tail", out: undefined },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(renderRefusal(c.e, c.verb, "nope"), c.out));
});

describe("renderFailure: what ended a command → message and exit code", () => {
  const cases: { name: string; e: unknown; verb: string; out: ReturnType<typeof renderFailure> }[] = [
    {
      name: "unreachable: 7",
      e: new UnreachableError(SOCKET, "connection refused"),
      verb: "stop",
      out: { exitCode: 7, message: `cannot reach graced at ${SOCKET}: connection refused`, kind: "unreachable", socket: SOCKET },
    },
    {
      name: "unreachable, for status: 4",
      e: new UnreachableError(SOCKET, "connection refused"),
      verb: "status",
      out: { exitCode: 4, message: `cannot reach graced at ${SOCKET}: connection refused`, kind: "unreachable", socket: SOCKET },
    },
    {
      name: "unreachable, for health: 1 (unhealthy; Docker reserves 2)",
      e: new UnreachableError(SOCKET, "no such file"),
      verb: "health",
      out: { exitCode: 1, message: `cannot reach graced at ${SOCKET}: no such file`, kind: "unreachable", socket: SOCKET },
    },
    {
      name: "unauthorized reads as unreachable, with graced's reason",
      e: remote(Fault.UNAUTHORIZED, "unauthorized: wrong username or password", { fault: "UNAUTHORIZED" }),
      verb: "stop",
      out: {
        exitCode: 7,
        message: `cannot reach graced at ${SOCKET}: unauthorized (wrong username or password)`,
        kind: "unreachable",
        socket: SOCKET,
      },
    },
    {
      name: "unauthorized, for status: 4",
      e: remote(Fault.UNAUTHORIZED, "unauthorized: authenticate first"),
      verb: "status",
      out: {
        exitCode: 4,
        message: `cannot reach graced at ${SOCKET}: unauthorized (authenticate first)`,
        kind: "unreachable",
        socket: SOCKET,
      },
    },
    { name: "usage: 2", e: new UsageError("bad -s"), verb: "stop", out: { exitCode: 2, message: "bad -s", kind: "usage" } },
    {
      name: "--timeout passed: 1",
      e: new DeadlineError(8),
      verb: "stop",
      out: { exitCode: 1, message: "timed out after 8s", kind: "timeout" },
    },
    {
      name: "any other answer from graced: 1, with its code",
      e: remote(Fault.NO_FILE, "no file"),
      verb: "maintail",
      out: { exitCode: 1, message: "graced answered: no file (20)", kind: "remote" },
    },
    { name: "a bug is not explained", e: new TypeError("x is undefined"), verb: "stop", out: undefined },
  ];
  for (const c of cases) it(c.name, () => assert.deepEqual(renderFailure(c.e, c.verb), c.out));

  it("commander: help and version 0, an unknown command 1, any other usage error 2", () => {
    const table: [string, number][] = [
      ["commander.helpDisplayed", 0],
      ["commander.help", 0],
      ["commander.version", 0],
      ["commander.unknownCommand", 1],
      ["commander.missingArgument", 2],
      ["commander.unknownOption", 2],
    ];
    for (const [code, exit] of table) assert.equal(commanderExit(code), exit, code);
  });
});
