import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { stdStreamOf } from "./std-paths.js";

describe("stdStreamOf", () => {
  const cases: [string, "stdout" | "stderr" | null][] = [
    ["/dev/stdout", "stdout"],
    ["/dev/fd/1", "stdout"],
    ["/proc/self/fd/1", "stdout"],
    ["/dev/stderr", "stderr"],
    ["/dev/fd/2", "stderr"],
    ["/proc/self/fd/2", "stderr"],
    ["/var/log/web.log", null],
    ["/dev/stdout.log", null],
    ["/dev/fd/3", null],
    // a lookup in a plain object would find Object.prototype's members
    ["constructor", null],
    ["__proto__", null],
  ];
  for (const [path, expected] of cases) it(`${path} → ${expected}`, () => assert.equal(stdStreamOf(path), expected));
});
