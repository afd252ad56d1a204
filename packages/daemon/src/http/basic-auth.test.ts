import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { basicAuthorized } from "./basic-auth.js";

const basic = (s: string) => `Basic ${Buffer.from(s).toString("base64")}`;
const sha = (s: string) => `{SHA}${createHash("sha1").update(s).digest("hex")}`;

describe("basicAuthorized", () => {
  const plain = { username: "ops", password: "s3:cret" };
  const hashed = { username: "ops", password: sha("s3:cret") };
  const cases: { name: string; header: string | undefined; expected: typeof plain; ok: boolean }[] = [
    { name: "plain password", header: basic("ops:s3:cret"), expected: plain, ok: true },
    { name: "{SHA} password", header: basic("ops:s3:cret"), expected: hashed, ok: true },
    { name: "the hash itself is not the password", header: basic(`ops:${sha("s3:cret")}`), expected: hashed, ok: false },
    { name: "wrong password", header: basic("ops:nope"), expected: plain, ok: false },
    { name: "wrong user", header: basic("root:s3:cret"), expected: plain, ok: false },
    { name: "the scheme in any case", header: basic("ops:s3:cret").replace("Basic", "bAsIc"), expected: plain, ok: true },
    { name: "no colon", header: basic("ops"), expected: plain, ok: false },
    { name: "another scheme", header: "Bearer abc", expected: plain, ok: false },
    { name: "no header", header: undefined, expected: plain, ok: false },
    { name: "not base64", header: "Basic !!!", expected: plain, ok: false },
  ];
  for (const c of cases) it(c.name, () => assert.equal(basicAuthorized(c.header, c.expected), c.ok));
});
