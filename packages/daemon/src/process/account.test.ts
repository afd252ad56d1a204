import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { findAccount, targetAccount } from "./account.js";

const passwd = "root:x:0:0:root:/root:/bin/bash\nwww:x:33:33:www-data:/var/www:/usr/sbin/nologin\napp:x:1000:1000::/home/app:/bin/sh\n";
const group = "root:x:0:\nwww:x:33:\nadm:x:4:app,www\ndocker:x:999:app\napp:x:1000:\n";

describe("findAccount", () => {
  it("finds a user by name with its home and supplementary groups", () => {
    assert.deepEqual(findAccount("app", passwd, group), {
      name: "app",
      uid: 1000,
      gid: 1000,
      home: "/home/app",
      shell: "/bin/sh",
      groups: [1000, 4, 999],
    });
  });
  it("finds a user by uid", () => {
    assert.equal(findAccount("33", passwd, group).name, "www");
  });
  it("accepts a bare uid that has no passwd entry", () => {
    assert.deepEqual(findAccount("4242", passwd, group), {
      name: "4242",
      uid: 4242,
      gid: 4242,
      home: "/",
      shell: "/bin/sh",
      groups: [4242],
    });
  });
  it("names an unknown user in the error", () => {
    assert.throws(() => findAccount("nobody-here", passwd, group), /can't find user 'nobody-here'/);
  });
});

describe("targetAccount", () => {
  it("needs no switch without a user", () => {
    assert.equal(targetAccount(null, 1000), null);
  });
  it("refuses another user when graced is not root", () => {
    assert.throws(() => targetAccount("root", 1000), /cannot run as user 'root': graced is not running as root/);
  });
  it("needs no switch to the user graced already is", () => {
    assert.equal(targetAccount("root", 0), null);
  });
});
