import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { childEnvironment } from "./environment.js";

const cfg = { name: "web_0", group: "web", environment: { A: "program" } };
const SOCKET = "unix:///run/grace/grace.sock";

describe("the child's environment", () => {
  it("layers graced's, [supervisord]'s and the program's, then the supervisor's variables", () => {
    const env = childEnvironment({ A: "graced", B: "graced", GONE: undefined }, { B: "daemon" }, cfg, SOCKET);
    assert.deepEqual(env, {
      A: "program",
      B: "daemon",
      SUPERVISOR_ENABLED: "1",
      SUPERVISOR_PROCESS_NAME: "web_0",
      SUPERVISOR_GROUP_NAME: "web",
      SUPERVISOR_SERVER_URL: SOCKET,
      GRACE_ENABLED: "1",
      GRACE_PROCESS_NAME: "web_0",
      GRACE_GROUP_NAME: "web",
      GRACE_SERVER_URL: SOCKET,
    });
  });

  const urls: [string | undefined, string][] = [
    [undefined, SOCKET],
    ["AUTO", SOCKET],
    ["http://127.0.0.1:9001", "http://127.0.0.1:9001"],
    ["unix:///elsewhere.sock", "unix:///elsewhere.sock"],
  ];
  for (const [serverurl, expected] of urls) {
    it(`serverurl ${serverurl ?? "(unset)"}: SUPERVISOR_SERVER_URL is ${expected}, GRACE_SERVER_URL the socket`, () => {
      const env = childEnvironment({}, {}, { ...cfg, ...(serverurl === undefined ? {} : { serverurl }) }, SOCKET);
      assert.equal(env.SUPERVISOR_SERVER_URL, expected);
      assert.equal(env.GRACE_SERVER_URL, SOCKET);
    });
  }
});
