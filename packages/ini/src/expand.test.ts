import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { baseExpansions, ExpandError, type Expansions, expand } from "./expand.js";

const names: Expansions = { program_name: "web", process_num: 3, numprocs: 12, here: "/etc/sv", neg: -4, ENV_HOME: "/root" };

describe("expand formats like Python's str % mapping", () => {
  const cases: [string, string][] = [
    ["no percent at all", "no percent at all"],
    ["%(program_name)s", "web"],
    ["%(program_name)s_%(process_num)s", "web_3"],
    ["%(process_num)d", "3"],
    ["%(process_num)02d", "03"],
    ["%(process_num)03d of %(numprocs)d", "003 of 12"],
    ["[%(process_num)4d]", "[   3]"],
    ["[%(process_num)-4d]", "[3   ]"],
    ["[%(process_num)+d]", "[+3]"],
    ["[%(neg)03d]", "[-04]"],
    ["%(process_num).3d", "003"],
    ["%(process_num)x %(numprocs)X %(numprocs)o", "3 C 14"],
    ["%(process_num)#x", "0x3"],
    ["%(process_num).2f", "3.00"],
    ["[%(program_name)6s]", "[   web]"],
    ["[%(program_name)-6s]", "[web   ]"],
    ["%(program_name).1s", "w"],
    ["%(process_num)i %(process_num)u", "3 3"],
    ["%(program_name)r", "'web'"],
    ["100%% sure, %%(here)s", "100% sure, %(here)s"],
    ["%(here)s/logs/%(ENV_HOME)s", "/etc/sv/logs//root"],
  ];
  for (const [text, expected] of cases)
    it(`${JSON.stringify(text)} → ${JSON.stringify(expected)}`, () => assert.equal(expand(text, names), expected));
});

describe("expand rejects what it cannot expand, saying why", () => {
  const cases: [string, RegExp][] = [
    ["%(nope)s", /unknown name %\(nope\)s; available names: here, neg, numprocs, process_num, program_name, ENV_<VARIABLE>/],
    ["%(ENV_NOT_SET_ANYWHERE)s", /environment variable NOT_SET_ANYWHERE is not set/],
    ["%(program_name)d", /needs a number, but program_name is the text "web"/],
    ["date +%s", /a lone "%" at "%s"; write "%%"/],
    ["100%", /a lone "%"/],
    ["%(here)", /has no conversion letter/],
    ["%(here)z", /unsupported conversion "z"/],
    ["%(here", /unclosed "%\("/],
  ];
  for (const [text, message] of cases) {
    it(JSON.stringify(text), () =>
      assert.throws(
        () => expand(text, names),
        (e: unknown) => e instanceof ExpandError && message.test(e.message),
      ),
    );
  }
});

describe("baseExpansions", () => {
  it("offers here, host_node_name and ENV_ names", () => {
    const b = baseExpansions("/d", { A: "1", B: undefined }, "box");
    assert.deepEqual(b, { here: "/d", host_node_name: "box", ENV_A: "1" });
  });
});
