import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { it } from "node:test";
import { authRequired, checkCredentials } from "./credentials.js";

const sha = (s: string) => `{SHA}${createHash("sha1").update(s).digest("hex")}`;

it("checks plain and {SHA} passwords and the username", () => {
  const table: { expected: { username: string | null; password: string | null }; user: string; pass: string; ok: boolean }[] = [
    { expected: { username: "ops", password: "s3cret" }, user: "ops", pass: "s3cret", ok: true },
    { expected: { username: "ops", password: "s3cret" }, user: "ops", pass: "s3cret!", ok: false },
    { expected: { username: "ops", password: "s3cret" }, user: "root", pass: "s3cret", ok: false },
    { expected: { username: "ops", password: "s3cret" }, user: "ops", pass: "", ok: false },
    { expected: { username: "ops", password: sha("s3cret") }, user: "ops", pass: "s3cret", ok: true },
    { expected: { username: "ops", password: sha("s3cret").toUpperCase() }, user: "ops", pass: "s3cret", ok: true },
    { expected: { username: "ops", password: sha("s3cret") }, user: "ops", pass: sha("s3cret"), ok: false },
    { expected: { username: "ops", password: null }, user: "ops", pass: "", ok: true },
  ];
  for (const t of table) assert.equal(checkCredentials(t.expected, { username: t.user, password: t.pass }), t.ok, JSON.stringify(t));
});

it("requires auth when either a username or a password is set", () => {
  assert.equal(authRequired({ username: null, password: null }), false);
  assert.equal(authRequired({ username: "ops", password: null }), true);
  assert.equal(authRequired({ username: null, password: "x" }), true);
});
