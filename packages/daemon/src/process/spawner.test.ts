import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { asAccount } from "./spawner.js";

const app = { name: "app", uid: 1000, gid: 1000, home: "/home/app", shell: "/bin/sh", groups: [1000, 4] };

describe("asAccount", () => {
  it("runs the program itself when no switch is needed", () => {
    assert.deepEqual(asAccount("/bin/web", ["-p", "80"], null, "/usr/bin/setpriv"), { file: "/bin/web", args: ["-p", "80"], ids: {} });
  });
  it("goes through setpriv to keep the supplementary groups", () => {
    assert.deepEqual(asAccount("/bin/web", ["-p"], app, "/usr/bin/setpriv"), {
      file: "/usr/bin/setpriv",
      args: ["--reuid=1000", "--regid=1000", "--groups=1000,4", "--", "/bin/web", "-p"],
      ids: {},
    });
  });
  it("falls back to libuv's uid/gid without setpriv", () => {
    assert.deepEqual(asAccount("/bin/web", [], app, null), { file: "/bin/web", args: [], ids: { uid: 1000, gid: 1000 } });
  });
});
