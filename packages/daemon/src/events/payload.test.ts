import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { StateName } from "@grace/protocol";
import { codePoints, envelope } from "./envelope.js";
import { processGroup, processLog, processState, pythonBytesRepr, remoteCommunication, supervisorState, tick } from "./payload.js";

// The expected strings are what supervisord 4.2.5's own event classes produce for the same values.
const web = { name: "web", group: "grp" };

describe("process state payloads carry each state's own fields", () => {
  const table: [StateName, StateName, boolean, string][] = [
    ["EXITED", "RUNNING", false, "processname:web groupname:grp from_state:RUNNING expected:0 pid:42"],
    ["EXITED", "RUNNING", true, "processname:web groupname:grp from_state:RUNNING expected:1 pid:42"],
    ["BACKOFF", "STARTING", true, "processname:web groupname:grp from_state:STARTING tries:2"],
    ["STARTING", "BACKOFF", true, "processname:web groupname:grp from_state:BACKOFF tries:2"],
    ["RUNNING", "STARTING", true, "processname:web groupname:grp from_state:STARTING pid:42"],
    ["STOPPED", "STOPPING", true, "processname:web groupname:grp from_state:STOPPING pid:42"],
    ["FATAL", "BACKOFF", true, "processname:web groupname:grp from_state:BACKOFF"],
    ["STOPPING", "RUNNING", true, "processname:web groupname:grp from_state:RUNNING pid:42"],
    ["UNKNOWN", "RUNNING", true, "processname:web groupname:grp from_state:RUNNING"],
  ];
  for (const [to, from, expected, payload] of table) {
    it(`${from} -> ${to}${to === "EXITED" ? (expected ? " (expected)" : " (unexpected)") : ""}`, () => {
      assert.deepEqual(processState({ ...web, to, from, tries: 2, expected, pid: 42 }), { name: `PROCESS_STATE_${to}`, payload });
    });
  }
});

describe("other payloads", () => {
  const table: [string, ReturnType<typeof tick>, string, string][] = [
    [
      "log: UTF-8 text as it is",
      processLog(web, 42, "stdout", Buffer.from("hi\xc3\xa9\n", "latin1")),
      "PROCESS_LOG_STDOUT",
      "processname:web groupname:grp pid:42 channel:stdout\nhié\n",
    ],
    [
      "log: bytes that are not UTF-8 as Python's repr",
      processLog(web, 42, "stderr", Buffer.from("a'b\xff\n\\\t\x00", "latin1")),
      "PROCESS_LOG_STDERR",
      `processname:web groupname:grp pid:42 channel:stderr\nUndecodable: b"a'b\\xff\\n\\\\\\t\\x00"`,
    ],
    ["group added, with supervisord's newline", processGroup("added", "grp"), "PROCESS_GROUP_ADDED", "groupname:grp\n"],
    ["group removed", processGroup("removed", "grp"), "PROCESS_GROUP_REMOVED", "groupname:grp\n"],
    ["tick", tick(5, 1700000005), "TICK_5", "when:1700000005"],
    ["tick 3600", tick(3600, 1699999200), "TICK_3600", "when:1699999200"],
    ["remote communication", remoteCommunication("t", "x y\nz"), "REMOTE_COMMUNICATION", "type:t\nx y\nz"],
    ["supervisor running: empty", supervisorState("RUNNING"), "SUPERVISOR_STATE_CHANGE_RUNNING", ""],
    ["supervisor stopping: empty", supervisorState("STOPPING"), "SUPERVISOR_STATE_CHANGE_STOPPING", ""],
  ];
  for (const [what, got, name, payload] of table) {
    it(what, () => assert.deepEqual(got, { name, payload }));
  }
});

describe("pythonBytesRepr", () => {
  const table: [string, string][] = [
    ["abc", "b'abc'"],
    ["a'b", `b"a'b"`],
    [`a'b"`, `b'a\\'b"'`],
    ["\x00\x1f\x7f\x80\xff", "b'\\x00\\x1f\\x7f\\x80\\xff'"],
    ["\t\r\n\\", "b'\\t\\r\\n\\\\'"],
  ];
  for (const [bytes, repr] of table) it(JSON.stringify(bytes), () => assert.equal(pythonBytesRepr(Buffer.from(bytes, "latin1")), repr));
});

describe("the envelope", () => {
  it("is supervisord's header line and the payload, len counting characters", () => {
    const { payload } = processLog(web, 42, "stdout", Buffer.from("é😀"));
    assert.equal(
      envelope({ server: "supervisor", serial: 3, pool: "watch", poolSerial: 1, name: "PROCESS_LOG_STDOUT", payload }),
      "ver:3.0 server:supervisor serial:3 pool:watch poolserial:1 eventname:PROCESS_LOG_STDOUT len:54\nprocessname:web groupname:grp pid:42 channel:stdout\né😀",
    );
  });

  it("an empty payload has len:0 and nothing after the newline", () => {
    assert.equal(
      envelope({ server: "grace", serial: 0, pool: "p", poolSerial: 0, ...supervisorState("STOPPING") }),
      "ver:3.0 server:grace serial:0 pool:p poolserial:0 eventname:SUPERVISOR_STATE_CHANGE_STOPPING len:0\n",
    );
  });

  const counts: [string, number][] = [
    ["", 0],
    ["abc", 3],
    ["é", 1],
    ["😀", 1],
    ["a😀b", 3],
    ["\ud800x", 2], // a lone surrogate is one
  ];
  for (const [s, n] of counts) it(`codePoints(${JSON.stringify(s)}) = ${n}`, () => assert.equal(codePoints(s), n));
});
