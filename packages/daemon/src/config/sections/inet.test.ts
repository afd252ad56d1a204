import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isLoopback, parseInetPort } from "./inet.js";

describe("parseInetPort reads supervisord's port = HOST:PORT", () => {
  const cases: [string, { host: string; port: number }][] = [
    ["127.0.0.1:9001", { host: "127.0.0.1", port: 9001 }],
    ["localhost:9001", { host: "localhost", port: 9001 }],
    [":9001", { host: "", port: 9001 }],
    ["*:9001", { host: "", port: 9001 }],
    ["9001", { host: "", port: 9001 }],
    ["[::1]:9001", { host: "::1", port: 9001 }],
    [" 10.0.0.5:80 ", { host: "10.0.0.5", port: 80 }],
  ];
  for (const [raw, want] of cases) it(JSON.stringify(raw), () => assert.deepEqual(parseInetPort(raw), want));

  for (const bad of ["", "host:", "a:b:9001", "::1:9001", "127.0.0.1:0", "127.0.0.1:65536", "x:9001:"])
    it(`refuses ${JSON.stringify(bad)}, quoting it`, () =>
      assert.throws(() => parseInetPort(bad), new RegExp(JSON.stringify(bad).replace(/[[\]*]/g, "\\$&"))));
});

describe("isLoopback", () => {
  const cases: [string, boolean][] = [
    ["127.0.0.1", true],
    ["127.1.2.3", true],
    ["localhost", true],
    ["::1", true],
    ["", false],
    ["0.0.0.0", false],
    ["10.0.0.5", false],
    ["example.com", false],
    ["::", false],
  ];
  for (const [host, want] of cases) it(`${JSON.stringify(host)} → ${want}`, () => assert.equal(isLoopback(host), want));
});
