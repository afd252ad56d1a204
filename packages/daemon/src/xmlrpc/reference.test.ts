import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { recordedState } from "../testing/recorded-state.js";
import { encodeFault, encodeResponse } from "./encode.js";
import type { XmlRpcFault } from "./faults.js";
import { methodTable } from "./methods.js";
import { RECORDED_CALLS } from "./reference/supervisord-4.2.5.js";
import { callMethod } from "./table.js";

/**
 * The adapter replays the calls recorded from supervisord 4.2.5 (scripts/record-supervisord-xmlrpc.py)
 * against a daemon in the same state, and must answer with the same bytes once pids, times and
 * dates are masked as the recording masks them.
 */

/** The recording's masks (scripts/record-supervisord-xmlrpc.py `normalize`). */
function masked(xml: string): string {
  return xml
    .replace(/<name>pid<\/name>\n<value><int>[1-9]\d*<\/int>/g, "<name>pid</name>\n<value><int>PID</int>")
    .replace(/<name>(start|stop|now)<\/name>\n<value><int>[1-9]\d*<\/int>/g, "<name>$1</name>\n<value><int>TIME</int>")
    .replace(/pid \d+, uptime \d+:\d\d:\d\d/g, "pid PID, uptime UPTIME")
    .replace(/[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M/g, "DATE");
}

/** Recorded calls compared elsewhere: getAllConfigInfo needs a real config (config-info.test.ts loads the same file). */
const COMPARED_ELSEWHERE = new Set(["supervisor.getAllConfigInfo"]);

describe("the adapter answers as supervisord 4.2.5 did, call after call", () => {
  const { backend } = recordedState();
  const table = methodTable();
  const ctx = { backend, limits: { maxLogBytes: 1024 * 1024, maxMulticall: 100 } };
  for (const recorded of RECORDED_CALLS.filter((c) => !COMPARED_ELSEWHERE.has(c.method))) {
    const title = `${recorded.method}(${JSON.stringify(recorded.params).slice(1, -1)})`;
    it(title, async () => {
      let ours: string;
      try {
        ours = encodeResponse(await callMethod(table, recorded.method, recorded.params as never[], ctx));
      } catch (e) {
        const fault = e as XmlRpcFault;
        ours = encodeFault(fault.code, fault.text);
      }
      assert.equal(masked(ours), recorded.body);
    });
  }
});
