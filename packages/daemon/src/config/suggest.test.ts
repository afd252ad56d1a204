import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { closest, distance } from "./suggest.js";

const KEYS = ["numprocs", "numprocs_start", "autorestart", "stopwaitsecs", "stdout_logfile", "stdout_logfile_maxbytes", "user", "umask"];

describe("closest suggests the key a typo meant", () => {
  const cases: [string, string | undefined][] = [
    ["numproc", "numprocs"],
    ["autorestar", "autorestart"],
    ["stopwaitsec", "stopwaitsecs"],
    ["stdout_logfiel", "stdout_logfile"],
    ["stdout_logfile_max", "stdout_logfile_maxbytes"],
    ["usr", "user"],
    ["command_line", undefined],
    ["zzz", undefined],
  ];
  for (const [word, expected] of cases) it(`${word} → ${expected}`, () => assert.equal(closest(word, KEYS), expected));
});

describe("distance counts edits, a swap as one", () => {
  const cases: [string, string, number][] = [
    ["", "abc", 3],
    ["abc", "abc", 0],
    ["abc", "acb", 1],
    ["kitten", "sitting", 3],
  ];
  for (const [a, b, d] of cases) it(`${a} / ${b} = ${d}`, () => assert.equal(distance(a, b), d));
});
