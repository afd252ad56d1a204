import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { encodeFault, encodeResponse, escapeText } from "./encode.js";
import { RECORDED_CALLS } from "./reference/supervisord-4.2.5.js";

/** supervisord's answer to a call recorded with no placeholder in it. */
function recorded(method: string, params: unknown[] = []): string {
  const found = RECORDED_CALLS.find((c) => c.method === method && JSON.stringify(c.params) === JSON.stringify(params));
  if (!found) throw new Error(`no recorded call ${method}(${JSON.stringify(params)})`);
  return found.body;
}

describe("encodeResponse and encodeFault write what supervisord writes, byte for byte", () => {
  const cases: { name: string; ours: string; theirs: string }[] = [
    { name: "a string", ours: encodeResponse("3.0"), theirs: recorded("supervisor.getAPIVersion") },
    { name: "a boolean", ours: encodeResponse(true), theirs: recorded("supervisor.sendRemoteCommEvent", ["type", "data"]) },
    { name: "a struct", ours: encodeResponse({ statecode: 1, statename: "RUNNING" }), theirs: recorded("supervisor.getState") },
    { name: "an empty array", ours: encodeResponse([]), theirs: recorded("supervisor.startProcessGroup", ["worker"]) },
    { name: "nested arrays", ours: encodeResponse([[[], [], []]]), theirs: recorded("supervisor.reloadConfig") },
    {
      name: "an array of string, int and boolean",
      ours: encodeResponse(["lo\n", 6, true]),
      theirs: recorded("supervisor.tailProcessStdoutLog", ["web", 0, 3]),
    },
    { name: "a fault with a detail", ours: encodeFault(10, "BAD_NAME: nosuch"), theirs: recorded("supervisor.getProcessInfo", ["nosuch"]) },
    { name: "a fault without one", ours: encodeFault(1, "UNKNOWN_METHOD"), theirs: recorded("supervisor.nosuch") },
  ];
  for (const c of cases) it(c.name, () => assert.equal(c.ours, c.theirs));
});

describe("escapeText", () => {
  const cases: { input: string; output: string }[] = [
    { input: "a<b>&c", output: "a&lt;b&gt;&amp;c" },
    { input: "tab\tand\nnewline", output: "tab\tand\nnewline" },
    { input: "cr\r\n", output: "cr&#13;\n" },
    { input: "\u001b[31mred\u001b[0m", output: "\ufffd[31mred\ufffd[0m" },
    { input: "nul\u0000", output: "nul\ufffd" },
    { input: "lone \ud800 surrogate", output: "lone \ufffd surrogate" },
    { input: "pair 😀 kept", output: "pair 😀 kept" },
    { input: "\u0085 C1 kept", output: "\u0085 C1 kept" },
  ];
  for (const c of cases) it(JSON.stringify(c.input), () => assert.equal(escapeText(c.input), c.output));
});

describe("encodeResponse refuses what XML-RPC cannot carry", () => {
  it("NaN and infinities", () => {
    assert.throws(() => encodeResponse(Number.NaN), /cannot send NaN/);
    assert.throws(() => encodeResponse([Number.POSITIVE_INFINITY]), /cannot send Infinity/);
  });
  it("a fraction is a double, an integer past 2^31 still an int", () => {
    assert.match(encodeResponse(1.5), /<value><double>1.5<\/double><\/value>/);
    assert.match(encodeResponse(2 ** 33), /<value><int>8589934592<\/int><\/value>/);
  });
});
