import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultDaemon, defaultProgram } from "../config/defaults.js";
import { budgetWarnings, deadlineFor, resolveBudget, startupBudgetWarnings } from "./budget.js";

describe("resolveBudget", () => {
  const cases: [string, number, string | undefined, number, number][] = [
    ["the config when the variable is unset", 9, undefined, 9, 0],
    ["the config when the variable is empty", 9, " ", 9, 0],
    ["the variable over the config", 9, "25", 25, 0],
    ["fractions", 9, "2.5", 2.5, 0],
    ["0 = no budget", 9, "0", 0, 0],
    ["the config and a warning for a bad value", 9, "ten", 9, 1],
    ["the config and a warning for a negative value", 9, "-3", 9, 1],
    ["the longest a timer waits", 9, "2147483", 2147483, 0],
    ["the config and a warning beyond it", 9, "2147483.5", 9, 1],
  ];
  for (const [name, config, env, seconds, warnings] of cases) {
    it(`takes ${name}`, () => {
      const b = resolveBudget(config, env);
      assert.equal(b.seconds, seconds);
      assert.equal(b.warnings.length, warnings);
    });
  }
  it("quotes the bad value", () => assert.match(resolveBudget(9, "ten").warnings[0] ?? "", /got "ten"; using shutdown_timeout = 9/));
  it("says the bound", () =>
    assert.equal(
      resolveBudget(9, "3000000").warnings[0],
      'GRACE_SHUTDOWN_TIMEOUT: expected at most 2147483 seconds (24.8 days), got "3000000"; using shutdown_timeout = 9',
    ));
});

const PAIR = { stopwaitsecs: 10, seconds: 9 };

describe("budgetWarnings", () => {
  const progs = [
    { name: "db", stopwaitsecs: 30 },
    { name: "web", stopwaitsecs: 10 },
    { name: "worker", stopwaitsecs: 10 },
    { name: "cron", stopwaitsecs: 5 },
  ];
  it("names every program over the budget, one line per stopwaitsecs, longest first", () => {
    const w = budgetWarnings(progs, 8, 700, PAIR);
    assert.equal(w.length, 2);
    assert.match(w[0] ?? "", /^stopwaitsecs = 30 exceeds shutdown_timeout = 8 for db: at shutdown they get at most 7\.3s/);
    assert.match(w[1] ?? "", /^stopwaitsecs = 10 exceeds shutdown_timeout = 8 for web, worker:/);
  });
  it("keeps quiet about supervisord's default stopwaitsecs under grace's default budget", () => {
    const w = budgetWarnings(progs, 9, 700, PAIR);
    assert.equal(w.length, 1);
    assert.match(w[0] ?? "", /^stopwaitsecs = 30 exceeds shutdown_timeout = 9 for db: at shutdown they get at most 8\.3s/);
  });
  it("is silent without a budget or when everything fits", () => {
    assert.deepEqual(budgetWarnings(progs, 0, 700, PAIR), []);
    assert.deepEqual(budgetWarnings(progs, 30, 700, PAIR), []);
  });
  it("lists ten names and counts the rest", () => {
    const many = Array.from({ length: 13 }, (_, i) => ({ name: `p${i}`, stopwaitsecs: 10 }));
    assert.match(budgetWarnings(many, 8, 700, PAIR)[0] ?? "", /p9 and 3 more:/);
  });
});

describe("startupBudgetWarnings", () => {
  const untouched = defaultProgram("web", { file: "/t.conf", line: 1 });
  const budget = defaultDaemon("").shutdownTimeout;
  it("keeps quiet about an untouched config: the defaults' pairing is by design", () => {
    assert.deepEqual(startupBudgetWarnings([untouched], budget), []);
  });
  it("warns about the default stopwaitsecs under a smaller budget, naming the process as status does", () => {
    const member = { ...untouched, group: "backend" };
    assert.match(startupBudgetWarnings([member], budget - 1)[0] ?? "", /for backend:web: at shutdown they get at most 7\.3s/);
  });
});

describe("deadlineFor", () => {
  it("is start + budget", () => assert.equal(deadlineFor(1_000, 9), 10_000));
  it("is 0 without a budget", () => assert.equal(deadlineFor(1_000, 0), 0));
});
