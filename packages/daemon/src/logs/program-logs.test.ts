import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultProgram } from "../config/defaults.js";
import type { ProgramConfig } from "../config/model.js";
import { discarded, type Stream } from "./program-logs.js";

/** A program whose stdout and stderr logs are `out` and `err` (null = NONE). */
function program(out: string | null, err: string | null, redirectStderr = false): ProgramConfig {
  const cfg = defaultProgram("web", { file: "/g.conf", line: 1 });
  return { ...cfg, redirectStderr, stdout: { ...cfg.stdout, logfile: out }, stderr: { ...cfg.stderr, logfile: err } };
}

const withEvents = (cfg: ProgramConfig): ProgramConfig => ({ ...cfg, stdout: { ...cfg.stdout, eventsEnabled: true } });
const listener = (cfg: ProgramConfig): ProgramConfig => ({ ...cfg, listener: { events: ["TICK_5"], bufferSize: 10 } });

describe("discarded", () => {
  const cases: [string, ProgramConfig, Stream, boolean, boolean][] = [
    ["NONE without echo goes nowhere", program(null, "AUTO"), "stdout", false, true],
    ["NONE with the container echo is still echoed", program(null, "AUTO"), "stdout", true, false],
    ["a log file is kept", program("AUTO", null), "stdout", false, false],
    ["/dev/stdout is graced's own stdout", program("/dev/stdout", null), "stdout", false, false],
    ["stderr with NONE of its own", program("AUTO", null), "stderr", false, true],
    ["redirected stderr follows stdout's log, not its own NONE", program("AUTO", null, true), "stderr", false, false],
    ["redirected stderr of a stdout with NONE goes nowhere", program(null, "AUTO", true), "stderr", false, true],
    ["NONE with PROCESS_LOG events is still read", withEvents(program(null, "AUTO")), "stdout", false, false],
    ["an event listener's stdout is its protocol, NONE or not", listener(program(null, null)), "stdout", false, false],
    ["an event listener's stderr with NONE goes nowhere", listener(program(null, null)), "stderr", false, true],
    [
      "NONE is still read for a log readiness check",
      { ...program(null, null), readyCheck: { kind: "log", pattern: "ready" } },
      "stderr",
      false,
      false,
    ],
  ];
  for (const [name, cfg, stream, echo, want] of cases) it(name, () => assert.equal(discarded(cfg, stream, echo), want));
});
