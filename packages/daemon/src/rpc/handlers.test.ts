import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Fault, METHOD_NAMES, type Methods } from "@grace/protocol";
import { type JSONRPCResponse, JSONRPCServer, type TypedJSONRPCServer } from "json-rpc-2.0";
import { defaultProgram } from "../config/defaults.js";
import { Supervisor } from "../engine/supervisor.js";
import type { Credentials } from "../http/credentials.js";
import type { MainLog } from "../logs/main-log.js";
import type { OutputManager } from "../logs/output.js";
import { Reloader } from "../reload/apply.js";
import { testConfig, testDeps } from "../testing/engine-deps.js";
import { fakeSpawner } from "../testing/fake-spawner.js";
import { registerHandlers, type Session } from "./handlers.js";
import { registerLogHandlers } from "./log-handlers.js";

/** graced's handlers on a JSON-RPC server of their own, over a supervisor with a fake spawner. */
function setup(credentials: Credentials = { username: null, password: null }) {
  const programs = [{ ...defaultProgram("web", { file: "/t.conf", line: 1 }), command: "x", startsecs: 0 }];
  const config = testConfig(programs);
  const supervisor = new Supervisor(config, testDeps(fakeSpawner().spawner));
  const server = new JSONRPCServer<Session>({ errorListener: () => {} }) as TypedJSONRPCServer<Methods, Session>;
  const reloader = new Reloader(supervisor, () => config, config);
  registerLogHandlers(server, { supervisor, output: {} as OutputManager, mainLog: {} as MainLog });
  registerHandlers(server, {
    supervisor,
    reloader,
    version: "0",
    identifier: "grace",
    credentials,
    requestShutdown: () => {},
  });
  const session: Session = { subscribed: new Set(), authenticated: false };
  let id = 1;
  const call = async (method: string, params: unknown = {}) =>
    (await (server as unknown as JSONRPCServer<Session>).receive({ jsonrpc: "2.0", id: id++, method, params }, session)) as JSONRPCResponse;
  return { server, supervisor, call };
}

describe("the handlers", () => {
  it("register a handler for every method of the contract", () => {
    const { server } = setup();
    // METHOD_NAMES is every method of `Methods`: the compiler checks it (protocol/methods.ts)
    const missing = METHOD_NAMES.filter((m) => !(server as unknown as JSONRPCServer).hasMethod(m));
    assert.deepEqual(missing, []);
  });

  it("send a refused call with its FaultData: the fault by name", async () => {
    const { supervisor, call } = setup();
    void supervisor.shutdown(0);
    const reply = await call("start", { names: ["web"] });
    assert.deepEqual(reply.error, { code: Fault.SHUTDOWN_STATE, message: "graced is shutting down", data: { fault: "SHUTDOWN_STATE" } });
  });

  it("tail of a name that is no single process is BAD_NAME of kind process", async () => {
    const { call } = setup();
    const reply = await call("tail", { name: "nope" });
    assert.deepEqual(reply.error, { code: Fault.BAD_NAME, message: "no such process: nope", data: { fault: "BAD_NAME", kind: "process" } });
  });

  it("an unknown group in a bulk call is a BAD_NAME result of kind group, split as given", async () => {
    const { call } = setup();
    for (const method of ["stop", "clear"]) {
      const reply = await call(method, { names: ["nope:*"] });
      assert.deepEqual(
        reply.result,
        [{ name: "*", group: "nope", fullName: "nope:*", status: Fault.BAD_NAME, description: "no such group", kind: "group" }],
        method,
      );
    }
  });

  it("an unauthenticated call is UNAUTHORIZED with its FaultData", async () => {
    const { call } = setup({ username: "u", password: "p" });
    const reply = await call("status");
    assert.deepEqual(reply.error, {
      code: Fault.UNAUTHORIZED,
      message: "unauthorized: authenticate first",
      data: { fault: "UNAUTHORIZED" },
    });
  });

  it("a bad parameter stays a JSON-RPC INVALID_PARAMS error naming the field", async () => {
    const { call } = setup();
    const reply = await call("start", { names: "web" });
    assert.equal(reply.error?.code, -32602);
    assert.deepEqual(reply.error?.data, { field: "names" });
  });
});
