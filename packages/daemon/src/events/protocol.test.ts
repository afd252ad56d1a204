import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Heard, ListenerProtocol, type ListenerState, MAX_RESULT_BODY, MAX_RESULT_LINE } from "./protocol.js";

/** Feed the chunks in order (`sent` marks where the pool sends an event); what was heard, and the state after. */
function run(steps: (string | "<sent>")[]): { heard: string[]; state: ListenerState } {
  const p = new ListenerProtocol();
  const heard: string[] = [];
  const show = (h: Heard) =>
    h.type === "result" ? `result ${h.body.toString("latin1")}` : h.type === "ready" ? "ready" : `violation: ${h.reason}`;
  for (const step of steps) {
    if (step === "<sent>") p.sent();
    else heard.push(...p.feed(Buffer.from(step, "latin1")).map(show));
  }
  return { heard, state: p.state };
}

describe("the listener's stdout", () => {
  const table: [string, (string | "<sent>")[], string[], ListenerState][] = [
    ["starts ACKNOWLEDGED and waits for READY", [], [], "ACKNOWLEDGED"],
    ["READY makes it READY", ["READY\n"], ["ready"], "READY"],
    ["READY may come a byte at a time", ["RE", "AD", "Y", "\n"], ["ready"], "READY"],
    ["an event makes it BUSY", ["READY\n", "<sent>"], ["ready"], "BUSY"],
    ["RESULT 2\\nOK answers it: ACKNOWLEDGED", ["READY\n", "<sent>", "RESULT 2\nOK"], ["ready", "result OK"], "ACKNOWLEDGED"],
    ["RESULT 4\\nFAIL is a result too", ["READY\n", "<sent>", "RESULT 4\nFAIL"], ["ready", "result FAIL"], "ACKNOWLEDGED"],
    ["a result split anywhere", ["READY\n", "<sent>", "RES", "ULT 2", "\nO", "K"], ["ready", "result OK"], "ACKNOWLEDGED"],
    ["a result and the next READY in one write", ["READY\n", "<sent>", "RESULT 2\nOKREADY\n"], ["ready", "result OK", "ready"], "READY"],
    ["RESULT 0 is an empty result", ["READY\n", "<sent>", "RESULT 0\n"], ["ready", "result "], "ACKNOWLEDGED"],
    ["anything but READY first: UNKNOWN", ["hello\n"], ['violation: expected READY, got "hello\\n"'], "UNKNOWN"],
    ["a wrong first byte is judged at once", ["x"], ['violation: expected READY, got "x"'], "UNKNOWN"],
    ["talk while READY: UNKNOWN", ["READY\nREADY\n"], ["ready", 'violation: wrote "READY\\n" while waiting for an event'], "UNKNOWN"],
    [
      "a bad result line: UNKNOWN",
      ["READY\n", "<sent>", "RESULT two\nOK"],
      ["ready", 'violation: bad result line: "RESULT two"'],
      "UNKNOWN",
    ],
    ["a result line without RESULT: UNKNOWN", ["READY\n", "<sent>", "OK\n"], ["ready", 'violation: bad result line: "OK"'], "UNKNOWN"],
    ["once UNKNOWN, nothing it says counts", ["nope\n", "READY\n"], ['violation: expected READY, got "nope\\n"'], "UNKNOWN"],
  ];
  for (const [what, steps, heard, state] of table) {
    it(what, () => assert.deepEqual(run(steps), { heard, state }));
  }
});

describe("garbage is capped", () => {
  it(`a result line longer than ${MAX_RESULT_LINE} bytes without a newline is a violation, not a growing buffer`, () => {
    const { heard, state } = run(["READY\n", "<sent>", "RESULT ", "9".repeat(MAX_RESULT_LINE)]);
    assert.equal(state, "UNKNOWN");
    assert.match(heard[1] ?? "", /^violation: no result line in "RESULT 9+"…$/);
  });

  it("a line just under the cap still waits for its newline", () => {
    assert.deepEqual(run(["READY\n", "<sent>", `RESULT ${"0".repeat(MAX_RESULT_LINE - 8)}`]), { heard: ["ready"], state: "BUSY" });
  });

  it(`a result body over ${MAX_RESULT_BODY} bytes is refused before it is read`, () => {
    assert.deepEqual(run(["READY\n", "<sent>", `RESULT ${MAX_RESULT_BODY + 1}\n`]), {
      heard: ["ready", `violation: a result of ${MAX_RESULT_BODY + 1} bytes (at most ${MAX_RESULT_BODY})`],
      state: "UNKNOWN",
    });
  });

  it("a megabyte of garbage is judged on its first bytes", () => {
    const p = new ListenerProtocol();
    const heard = p.feed(Buffer.alloc(1024 * 1024, 0x41));
    assert.equal(heard.length, 1);
    assert.equal(p.state, "UNKNOWN");
  });
});
