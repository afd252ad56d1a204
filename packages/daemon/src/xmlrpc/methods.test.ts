import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault } from "@grace/protocol";
import { type FakeBackendOptions, fakeXmlRpcBackend, supervised } from "../testing/fake-xmlrpc-backend.js";
import type { SupervisedProcess, XmlRpcBackend } from "./backend.js";
import type { XmlRpcValue } from "./decode.js";
import { XmlRpcFault } from "./faults.js";
import { methodTable } from "./methods.js";
import { callMethod } from "./table.js";

const table = methodTable();

function setup(procs: SupervisedProcess[], opts: FakeBackendOptions = {}, limits = { maxLogBytes: 1024, maxMulticall: 3 }) {
  const fake = fakeXmlRpcBackend(procs, opts);
  const call = (method: string, ...params: XmlRpcValue[]) => callMethod(table, method, params, { backend: fake.backend, limits });
  /** The faultString a call answers with (fails the test if it answers a value). */
  const fault = async (method: string, ...params: XmlRpcValue[]) => {
    try {
      await call(method, ...params);
    } catch (e) {
      if (e instanceof XmlRpcFault) return `${e.code} ${e.text}`;
      throw e;
    }
    assert.fail(`${method} answered a value`);
  };
  return { ...fake, call, fault };
}

const pool = () => [
  supervised("db", "RUNNING", { priority: 10, groupPriority: 10 }),
  supervised("web", "STOPPED"),
  supervised("w0", "RUNNING", { group: "workers" }),
  supervised("w1", "STOPPING", { group: "workers" }),
  supervised("w2", "FATAL", { group: "workers" }),
];

describe("process control maps supervisord's calls onto the daemon's verbs", () => {
  it("startProcess waits by default, passes wait=false through, and answers true", async () => {
    const t = setup(pool());
    assert.equal(await t.call("supervisor.startProcess", "web"), true);
    assert.equal(await t.call("supervisor.startProcess", "workers:w2", false), true);
    assert.deepEqual(t.calls, ["start web:web wait=true", "start workers:w2 wait=false"]);
  });

  it("a failed start is the daemon's fault code, with the name asked for", async () => {
    const t = setup(pool(), { startFails: { "web:web": { status: Fault.ABNORMAL_TERMINATION, description: "exit status 1" } } });
    assert.equal(await t.fault("supervisor.startProcess", "web"), "40 ABNORMAL_TERMINATION: web");
  });

  it("startProcessGroup starts only the members that are not running (STOPPING counts as not running)", async () => {
    const t = setup(pool(), { startFails: { "workers:w2": { status: Fault.SPAWN_ERROR, description: "can't find command" } } });
    assert.deepEqual(await t.call("supervisor.startProcessGroup", "workers"), [
      { name: "w1", group: "workers", status: 80, description: "OK" },
      { name: "w2", group: "workers", status: 50, description: "SPAWN_ERROR: workers:w2" },
    ]);
    assert.deepEqual(t.calls, ["start workers:w1 workers:w2 wait=true"]);
  });

  it("stopProcess of a STOPPING process is NOT_RUNNING, as in supervisord", async () => {
    const t = setup(pool());
    assert.equal(await t.fault("supervisor.stopProcess", "workers:w1"), "70 NOT_RUNNING: workers:w1");
    assert.deepEqual(t.calls, []);
  });

  it("stopAllProcesses stops the running ones in supervisord's priority order", async () => {
    const t = setup(pool());
    const results = (await t.call("supervisor.stopAllProcesses", false)) as { name: string }[];
    assert.deepEqual(
      results.map((r) => r.name),
      ["db", "w0"],
    );
    assert.deepEqual(t.calls, ["stop db:db workers:w0 wait=false"]);
  });

  it("signalProcess with group:* signals the members that have a pid", async () => {
    const t = setup(pool());
    const results = (await t.call("supervisor.signalProcess", "workers:*", 10)) as { name: string }[];
    assert.deepEqual(
      results.map((r) => r.name),
      ["w0", "w1"],
    );
    assert.deepEqual(t.calls, ["signal 10 workers:w0 workers:w1"]);
  });

  it("a bare name is the process of the group with that name, never a process of another group", async () => {
    const t = setup(pool());
    assert.equal(await t.fault("supervisor.getProcessInfo", "w0"), "10 BAD_NAME: w0");
    assert.equal(((await t.call("supervisor.getProcessInfo", "workers:w0")) as { name: string }).name, "w0");
  });
});

describe("during a shutdown", () => {
  it("what would start something is SHUTDOWN_STATE; reading and stopping keep answering", async () => {
    const t = setup(pool());
    assert.equal(await t.call("supervisor.shutdown"), true);
    assert.deepEqual(await t.call("supervisor.getState"), { statecode: -1, statename: "SHUTDOWN" });
    for (const [method, ...params] of [
      ["supervisor.startProcess", "web"],
      ["supervisor.startAllProcesses"],
      ["supervisor.shutdown"],
      ["supervisor.restart"],
      ["supervisor.reloadConfig"],
      ["supervisor.addProcessGroup", "x"],
    ] as [string, ...XmlRpcValue[]][]) {
      assert.equal(await t.fault(method, ...params), "6 SHUTDOWN_STATE", method);
    }
    assert.equal(((await t.call("supervisor.getAllProcessInfo")) as unknown[]).length, 5);
    assert.equal(await t.call("supervisor.stopProcess", "db"), true);
  });

  it("restart begins a reload and answers at once", async () => {
    const t = setup(pool());
    assert.equal(await t.call("supervisor.restart"), true);
    assert.equal(t.state.reloads, 1);
  });
});

describe("the daemon's failures become supervisord's faults", () => {
  it("CANT_REREAD carries the daemon's words", async () => {
    const t = setup(pool(), { reread: "/etc/x.conf:3: [program:a] command: required" });
    assert.equal(await t.fault("supervisor.reloadConfig"), "92 CANT_REREAD: /etc/x.conf:3: [program:a] command: required");
  });

  it("a failure outside supervisord's codes is FAILED with the daemon's words", async () => {
    const t = setup(pool());
    const backend: XmlRpcBackend = {
      ...t.backend,
      reread: () => Promise.reject({ code: -32603, message: "internal error" }),
    };
    await assert.rejects(
      callMethod(table, "supervisor.reloadConfig", [], { backend, limits: { maxLogBytes: 10, maxMulticall: 3 } }),
      (e: unknown) => e instanceof XmlRpcFault && e.text === "FAILED: internal error",
    );
  });

  it("a bug is not dressed as a fault: it is thrown as it is (the HTTP side answers 500)", async () => {
    const t = setup(pool());
    const backend: XmlRpcBackend = { ...t.backend, reread: () => Promise.reject(new TypeError("oops")) };
    await assert.rejects(
      callMethod(table, "supervisor.reloadConfig", [], { backend, limits: { maxLogBytes: 10, maxMulticall: 3 } }),
      TypeError,
    );
  });

  it("addProcessGroup of a group not in the config is BAD_NAME; of one in use, ALREADY_ADDED", async () => {
    const t = setup(pool(), { available: ["extra"] });
    assert.equal(await t.fault("supervisor.addProcessGroup", "nope"), "10 BAD_NAME: nope");
    assert.equal(await t.fault("supervisor.addProcessGroup", "db"), "90 ALREADY_ADDED: db");
    assert.equal(await t.call("supervisor.addProcessGroup", "extra"), true);
  });
});

describe("parameters", () => {
  const cases: { call: [string, ...XmlRpcValue[]]; fault: string }[] = [
    { call: ["supervisor.getProcessInfo"], fault: "2 INCORRECT_PARAMETERS" },
    { call: ["supervisor.getProcessInfo", "a", "b"], fault: "2 INCORRECT_PARAMETERS" },
    { call: ["supervisor.getProcessInfo", 5], fault: "2 INCORRECT_PARAMETERS: name must be a string, got 5" },
    { call: ["supervisor.getProcessInfo", [[["deep"]]]], fault: "2 INCORRECT_PARAMETERS: name must be a string, got an array" },
    { call: ["supervisor.startProcess", "web", "yes"], fault: '2 INCORRECT_PARAMETERS: wait must be a boolean, got "yes"' },
    { call: ["supervisor.readLog", "x", 0], fault: '2 INCORRECT_PARAMETERS: offset must be an integer, got "x"' },
    { call: ["supervisor.readLog", 1.5, 0], fault: "2 INCORRECT_PARAMETERS: offset must be an integer, got 1.5" },
    { call: ["supervisor.sendProcessStdin", "db", null], fault: "2 INCORRECT_PARAMETERS: a value that is not text" },
    { call: ["supervisor.__init__"], fault: "1 UNKNOWN_METHOD" },
    { call: ["supervisor.constructor"], fault: "1 UNKNOWN_METHOD" },
    { call: ["toString"], fault: "1 UNKNOWN_METHOD" },
  ];
  for (const c of cases) {
    it(`${c.call[0]}(${JSON.stringify(c.call.slice(1)).slice(1, -1)}) → ${c.fault}`, async () => {
      const t = setup(pool());
      assert.equal(await t.fault(...c.call), c.fault);
    });
  }

  it("a base64 name reads as its text; numbers in strings count as integers", async () => {
    const t = setup(pool(), { logs: { "db:db:stdout": "0123456789" } });
    assert.equal(((await t.call("supervisor.getProcessInfo", Buffer.from("db"))) as { name: string }).name, "db");
    assert.equal(await t.call("supervisor.readProcessStdoutLog", "db", "2", "3"), "234");
  });
});

describe("logs", () => {
  it("reads of graced's own log, from the end and from an offset, capped at maxLogBytes", async () => {
    const t = setup(pool(), { logs: { main: "x".repeat(2000) } });
    assert.equal(await t.call("supervisor.readLog", -10, 0), "x".repeat(10));
    assert.equal(((await t.call("supervisor.readLog", 0, 0)) as string).length, 1024);
    assert.equal(((await t.call("supervisor.readMainLog", -5000, 0)) as string).length, 1024);
    assert.equal(await t.fault("supervisor.readLog", -10, 5), "3 BAD_ARGUMENTS");
  });

  it("no main log file is NO_FILE; no process log file is NO_FILE with its path, even for bad arguments", async () => {
    const t = setup(pool());
    assert.equal(await t.fault("supervisor.readLog", -10, 0), "20 NO_FILE");
    assert.equal(await t.fault("supervisor.readProcessStderrLog", "db", -10, 5), "20 NO_FILE: /logs/db.err");
  });

  it("a failing read is FAILED for read*Log and nothing new for tail*Log", async () => {
    const t = setup(pool());
    const backend: XmlRpcBackend = { ...t.backend, readLog: () => Promise.reject({ code: 30, message: "EIO" }) };
    const ctx = { backend, limits: { maxLogBytes: 10, maxMulticall: 3 } };
    await assert.rejects(
      callMethod(table, "supervisor.readProcessLog", ["db", 0, 0], ctx),
      (e: unknown) => (e as XmlRpcFault).text === "FAILED",
    );
    assert.deepEqual(await callMethod(table, "supervisor.tailProcessLog", ["db", 7, 10], ctx), ["", 7, false]);
  });

  it("clearAllProcessLogs clears every process in priority order", async () => {
    const t = setup(pool());
    const results = (await t.call("supervisor.clearAllProcessLogs")) as { name: string; description: string }[];
    assert.deepEqual(
      results.map((r) => `${r.name} ${r.description}`),
      ["db OK", "web OK", "w0 OK", "w1 OK", "w2 OK"],
    );
    assert.deepEqual(t.calls, ["clearLog db:db", "clearLog web:web", "clearLog workers:w0", "clearLog workers:w1", "clearLog workers:w2"]);
  });

  it("sendProcessStdin writes to a running process; a closed stdin is NO_FILE", async () => {
    const t = setup(pool(), { stdinClosed: ["workers:w0"] });
    assert.equal(await t.call("supervisor.sendProcessStdin", "db", "hello\n"), true);
    assert.deepEqual(t.stdin, ["db:db hello\n"]);
    assert.equal(await t.fault("supervisor.sendProcessStdin", "workers:w0", "x"), "20 NO_FILE: workers:w0");
    assert.equal(await t.fault("supervisor.sendProcessStdin", "workers:w1", "x"), "70 NOT_RUNNING: workers:w1");
  });
});

describe("system.*", () => {
  it("multicall runs calls in order, answering each value as it is or a fault struct", async () => {
    const t = setup(pool());
    assert.deepEqual(
      await t.call("system.multicall", [
        { methodName: "supervisor.getPID", params: [] },
        { methodName: "supervisor.startProcess", params: ["nope"] },
        { methodName: "supervisor.getAPIVersion" },
      ]),
      [4321, { faultCode: 10, faultString: "BAD_NAME: nope" }, "3.0"],
    );
  });

  it("multicall holds at most maxMulticall calls", async () => {
    const t = setup(pool());
    const call = { methodName: "supervisor.getPID", params: [] };
    assert.equal(
      await t.fault("system.multicall", [call, call, call, call]),
      "2 INCORRECT_PARAMETERS: a multicall holds at most 3 calls, this one 4",
    );
  });

  it("multicall answers a call that is not a struct with a fault struct, and runs the rest", async () => {
    const t = setup(pool());
    assert.deepEqual(await t.call("system.multicall", ["nope", { methodName: "supervisor.getPID", params: "x" }]), [
      { faultCode: 2, faultString: "INCORRECT_PARAMETERS: each call must be a struct of methodName and params" },
      { faultCode: 2, faultString: "INCORRECT_PARAMETERS: params must be an array" },
    ]);
  });

  it("every method has help and a signature whose parameters match what it accepts", async () => {
    const t = setup(pool());
    const names = (await t.call("system.listMethods")) as string[];
    assert.equal(names.length, 41);
    for (const name of names) {
      assert.equal(typeof (await t.call("system.methodHelp", name)), "string");
      const [returns, ...params] = (await t.call("system.methodSignature", name)) as string[];
      assert.ok(["string", "int", "boolean", "struct", "array"].includes(returns), name);
      assert.equal(params.length, table[name].params.length, name);
    }
  });
});
