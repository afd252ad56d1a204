import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, it } from "node:test";
import { type Host, type Need, type PidNamespace, skipReason, unshareArgs } from "./needs.js";
import { ROOT } from "./paths.js";

const host = (root: boolean, pidNamespace: PidNamespace, tools: string[]): Host => ({
  root,
  pidNamespace: () => pidNamespace,
  hasTool: (name) => tools.includes(name),
});
const everything = ["unshare", "setpriv", "python3"];

describe("skipReason: what a test needs and this machine lacks", () => {
  const table: [string, Need[], Host, string | undefined][] = [
    ["root: everything runs", ["root", "pid-namespace", "tool:setpriv"], host(true, "root", everything), undefined],
    ["not root", ["root"], host(false, "user-namespace", everything), "needs root"],
    ["root first, then the tool", ["root", "tool:setpriv"], host(false, null, []), "needs root"],
    ["a user namespace is enough for PID 1", ["pid-namespace"], host(false, "user-namespace", everything), undefined],
    ["no namespace at all", ["pid-namespace"], host(false, null, everything), "needs root or unprivileged user namespaces (unshare --pid)"],
    ["no unshare", ["pid-namespace"], host(true, null, ["setpriv"]), "needs unshare (util-linux)"],
    ["a missing tool is named", ["tool:python3"], host(true, "root", ["unshare"]), "needs python3 on PATH"],
    ["no needs", [], host(false, null, []), undefined],
  ];
  for (const [name, needs, h, reason] of table) {
    it(name, () => assert.equal(skipReason(needs, h), reason));
  }

  it("does not probe for a PID namespace unless a test needs one", () => {
    let probed = false;
    const probe = (): PidNamespace => {
      probed = true;
      return null;
    };
    const h: Host = { ...host(false, null, everything), pidNamespace: probe };
    assert.equal(skipReason(["root"], h), "needs root");
    assert.equal(probed, false);
  });

  it("without root, a PID namespace comes inside a new user namespace", () => {
    assert.deepEqual(unshareArgs("root"), ["--pid", "--fork", "--mount-proc"]);
    assert.deepEqual(unshareArgs("user-namespace"), ["--user", "--map-root-user", "--pid", "--fork", "--mount-proc"]);
  });
});

/** Helpers and tools that only work as root or in a PID namespace (pnpm test without root timed out on them). */
const PRIVILEGED = [/startInNamespace\(/, /"setpriv"/, /"unshare"/, /prepareServers\(/, /"python3"/];
const HEADER = /^(\s*)(?:it|describe)\(/;

/** Line numbers of privileged uses that no enclosing it/describe guards with a skip. */
function unguardedUses(source: string): number[] {
  const lines = source.split("\n");
  const out: number[] = [];
  lines.forEach((line, i) => {
    if (!PRIVILEGED.some((re) => re.test(line))) return;
    // walk up through the enclosing headers: each one less indented than the last
    let depth = (/^\s*/.exec(line)?.[0] ?? "").length;
    for (let j = i; j >= 0; j--) {
      const header = HEADER.exec(lines[j] as string);
      if (!header || (header[1] as string).length >= depth) continue;
      // the header runs to its body's `=> {` (the formatter may break its options over lines)
      const end = lines.findIndex((l, k) => k >= j && /=>\s*\{$/.test(l));
      if (/\bskip\b/.test(lines.slice(j, end + 1).join("\n"))) return;
      depth = (header[1] as string).length;
    }
    out.push(i + 1);
  });
  return out;
}

const testSources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() && e.name !== "dist" && e.name !== "node_modules"
      ? testSources(join(dir, e.name))
      : e.name.endsWith(".test.ts")
        ? [join(dir, e.name)]
        : [],
  );

describe("every test that needs root, unshare or a tool says so", () => {
  it("finds an unguarded use, and accepts one guarded by its describe or its it", () => {
    const bare = 'describe("x", () => {\n  it("y", async () => {\n    const ns = await startInNamespace("");\n  });\n});';
    const byDescribe =
      'describe("x", { skip: skipUnless("pid-namespace") }, () => {\n  it("y", async () => {\n    await startInNamespace("");\n  });\n});';
    const byIt =
      'describe("x", () => {\n  it("y", { skip: skipUnless("root") }, async () => {\n    runCtl([], {}, ["setpriv"]);\n  });\n});';
    assert.deepEqual(unguardedUses(bare), [3]);
    assert.deepEqual(unguardedUses(byDescribe), []);
    assert.deepEqual(unguardedUses(byIt), []);
  });

  it("holds for the test files of this repository", () => {
    const files = testSources(join(ROOT, "test")).filter((f) => !f.endsWith("helpers/needs.test.ts")); // its examples
    assert.ok(
      files.some((f) => f.endsWith("pid1/shutdown.test.ts")),
      "the scan sees the test sources",
    );
    const unguarded = files.flatMap((f) => unguardedUses(readFileSync(f, "utf8")).map((n) => `${relative(ROOT, f)}:${n}`));
    assert.deepEqual(unguarded, [], "skip with skipUnless(...) from test/helpers/needs.ts");
  });
});
