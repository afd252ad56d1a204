import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { describe, it } from "node:test";
import { decodeMethodCall } from "./decode.js";
import { encodeFault, encodeResponse, type ResponseValue } from "./encode.js";

/**
 * The codec against the client supervisorctl, childutils and most tools are built on: Python's
 * xmlrpc.client. Skips (saying why) where there is no python3; CI has it.
 */
function python(script: string, input: string): string {
  const r = spawnSync("python3", ["-c", script], { input, encoding: "utf8", timeout: 20_000 });
  if (r.status !== 0) throw new Error(`python3 failed: ${r.stderr}`);
  return r.stdout;
}

const hasPython = spawnSync("python3", ["-c", "import xmlrpc.client"], { timeout: 20_000 }).status === 0;
const skip = hasPython ? false : "needs python3 (with xmlrpc.client) on PATH";

describe("Python's xmlrpc.client", { skip }, () => {
  it("writes calls of every type that decodeMethodCall reads", () => {
    const body = python(
      `import sys, xmlrpc.client as c, datetime
params = (42, -7, True, False, "a<b>&c 😀", "", 1.5, c.DateTime(datetime.datetime(2024, 2, 29, 23, 59, 58)),
          c.Binary(b"\\x00\\xffhello"), {"name": "web", "list": [1, "x", {"deep": [True]}]}, [], None)
sys.stdout.write(c.dumps(params, "supervisor.startProcess", allow_none=True))`,
      "",
    );
    const { method, params } = decodeMethodCall(Buffer.from(body), { maxDepth: 32, maxElements: 10_000 });
    assert.equal(method, "supervisor.startProcess");
    assert.deepEqual(params, [
      42,
      -7,
      true,
      false,
      "a<b>&c 😀",
      "",
      1.5,
      new Date(Date.UTC(2024, 1, 29, 23, 59, 58)),
      Buffer.from([0, 0xff, ...Buffer.from("hello")]),
      { name: "web", list: [1, "x", { deep: [true] }] },
      [],
      null,
    ]);
  });

  it("reads every answer encodeResponse writes, control characters and CR included", () => {
    const value: ResponseValue = {
      name: "web",
      pid: 1234,
      big: 2 ** 40,
      ratio: 0.25,
      ok: false,
      log: "line 1\r\n\u001b[32mgreen\u001b[0m & <tags> 😀\n",
      list: [[], [1, "two", true], { nested: "yes" }],
    };
    const got = JSON.parse(
      python("import sys, json, xmlrpc.client as c\nprint(json.dumps(c.loads(sys.stdin.read())[0][0]))", encodeResponse(value)),
    );
    assert.deepEqual(got, { ...value, log: "line 1\r\n\ufffd[32mgreen\ufffd[0m & <tags> 😀\n" });
  });

  it("reads a fault from encodeFault as xmlrpc.client.Fault with its code and string", () => {
    const script = `import sys, xmlrpc.client as c
try:
    c.loads(sys.stdin.read())
except c.Fault as f:
    print(f.faultCode, f.faultString)`;
    assert.equal(python(script, encodeFault(10, "BAD_NAME: web:*")).trim(), "10 BAD_NAME: web:*");
  });

  it("gets the same bytes from its own dumps as from encodeResponse", () => {
    const value: ResponseValue = { statecode: 1, statename: "RUNNING", list: ["a", 2, false, []] };
    const theirs = python(
      "import sys, json, xmlrpc.client as c\nsys.stdout.write(c.dumps((json.loads(sys.stdin.read()),), methodresponse=True))",
      JSON.stringify(value),
    );
    assert.equal(encodeResponse(value), theirs);
  });
});
