import type * as Crypto from "node:crypto";
import { createRequire } from "node:module";

let crypto: typeof Crypto | undefined;
/** node:crypto costs graced 0.6 MB of idle RSS: loaded at the first login, not at every start. */
const nodeCrypto = () => (crypto ??= createRequire(process.execPath)("node:crypto") as typeof Crypto);

/** `[unix_http_server] username/password`; both null = no auth (file permissions guard the socket). */
export type Credentials = { username: string | null; password: string | null };

export function authRequired(c: Credentials): boolean {
  return c.username !== null || c.password !== null;
}

const sameText = (a: string, b: string) => {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  const { timingSafeEqual } = nodeCrypto();
  if (x.length === y.length) return timingSafeEqual(x, y);
  // timingSafeEqual needs equal lengths; comparing x with itself keeps the time flat.
  timingSafeEqual(x, x);
  return false;
};

/**
 * Does `given` match the configured credentials? The password may be plain or `{SHA}hex`
 * (SHA-1 of the password, as supervisord accepts).
 */
export function checkCredentials(expected: Credentials, given: { username: string; password: string }): boolean {
  const userOk = sameText(expected.username ?? "", given.username);
  const stored = expected.password ?? "";
  const passOk = stored.startsWith("{SHA}")
    ? sameText(stored.slice("{SHA}".length).toLowerCase(), nodeCrypto().createHash("sha1").update(given.password, "utf8").digest("hex"))
    : sameText(stored, given.password);
  return userOk && passOk;
}
