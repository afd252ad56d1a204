import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stdStreamOf } from "./std-paths.js";

describe("stdStreamOf", () => {
  const cases: [string, "stdout" | "stderr" | null, string[]][] = [
    ["graced's stdout", "stdout", ["/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]],
    ["graced's stderr", "stderr", ["/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"]],
    ["a file", null, ["/var/log/web.log", "/dev/stdout.log", "/dev/fd/3"]],
    // a lookup in a plain object would find Object.prototype's members
    ["no inherited name", null, ["constructor", "__proto__", "toString"]],
  ];
  for (const [name, expected, paths] of cases) {
    it(`takes ${paths.join(", ")} for ${name}`, () =>
      assert.deepEqual(
        paths.map((p) => stdStreamOf(p)),
        paths.map(() => expected),
      ));
  }
});
