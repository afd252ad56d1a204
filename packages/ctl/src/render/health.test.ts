import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { HealthResult } from "@grace/protocol";
import { renderHealth } from "./health.js";

const base: HealthResult = { healthy: true, phase: "running", checked: 3, problems: [], unknown: [] };
const sick = (patch: Partial<HealthResult>): HealthResult => ({ ...base, healthy: false, ...patch });

describe("renderHealth", () => {
  const cases: [string, HealthResult, boolean, string, number][] = [
    ["all running", base, false, "healthy: 3 processes RUNNING", 0],
    ["all ready", { ...base, checked: 1 }, true, "healthy: 1 process RUNNING and ready", 0],
    [
      "names each process that is not, and why",
      sick({
        problems: [
          { fullName: "web", why: "STARTING" },
          { fullName: "db", why: "not ready: 127.0.0.1:5432: connection refused" },
        ],
      }),
      true,
      "unhealthy: web: STARTING; db: not ready: 127.0.0.1:5432: connection refused",
      1,
    ],
    ["an unknown name", sick({ unknown: ["nosuch"] }), false, "unhealthy: nosuch: no such process", 1],
    ["draining, whatever the processes", sick({ phase: "draining" }), false, "unhealthy: graced is draining before a shutdown", 1],
    [
      "stopping",
      sick({ phase: "stopping", problems: [{ fullName: "web", why: "STOPPING" }] }),
      false,
      "unhealthy: graced is shutting down",
      1,
    ],
    [
      "many problems: five named, the rest counted",
      sick({ problems: Array.from({ length: 8 }, (_, i) => ({ fullName: `w${i}`, why: "FATAL" })) }),
      false,
      "unhealthy: w0: FATAL; w1: FATAL; w2: FATAL; w3: FATAL; w4: FATAL; and 3 more",
      1,
    ],
  ];
  for (const [name, result, ready, text, exitCode] of cases) {
    it(name, () => assert.deepEqual(renderHealth(result, ready, false), { text, exitCode }));
  }

  it("--json gives the result as is, with the same exit code", () => {
    const result = sick({ problems: [{ fullName: "web", why: "FATAL" }] });
    const out = renderHealth(result, false, true);
    assert.deepEqual(JSON.parse(out.text), result);
    assert.equal(out.exitCode, 1);
  });
});
