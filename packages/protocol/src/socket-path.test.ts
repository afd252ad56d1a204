import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { defaultSocketPath, socketPathFromUrl } from "./socket-path.js";

describe("defaultSocketPath", () => {
  const cases: [string, string[], Record<string, string>, string][] = [
    ["/run/grace when it is writable", ["/run/grace"], {}, "/run/grace/grace.sock"],
    ["/run/grace when /run is writable (graced creates it)", ["/run"], {}, "/run/grace/grace.sock"],
    ["$XDG_RUNTIME_DIR for a user", ["/run/user/1000"], { XDG_RUNTIME_DIR: "/run/user/1000" }, "/run/user/1000/grace.sock"],
    ["not an XDG_RUNTIME_DIR it cannot write", [], { XDG_RUNTIME_DIR: "/run/user/1000" }, "/tmp/grace-1000/grace.sock"],
    ["/tmp/grace-UID otherwise", [], {}, "/tmp/grace-1000/grace.sock"],
  ];
  for (const [name, writable, env, expected] of cases) {
    it(name, () =>
      assert.equal(
        defaultSocketPath(env, 1000, (dir) => writable.includes(dir)),
        expected,
      ),
    );
  }
});

describe("socketPathFromUrl", () => {
  const cases: [string, string | null][] = [
    ["unix:///run/grace/grace.sock", "/run/grace/grace.sock"],
    ["/tmp/x.sock", "/tmp/x.sock"],
    ["unix://", null],
    ["http://localhost:9001", null],
  ];
  for (const [url, expected] of cases) it(`${url} → ${expected}`, () => assert.equal(socketPathFromUrl(url), expected));
});
