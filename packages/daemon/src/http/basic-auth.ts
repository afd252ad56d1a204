import { type Credentials, checkCredentials } from "./credentials.js";

/**
 * Does an `Authorization` header carry the configured credentials? HTTP Basic only (the scheme
 * in any case), password plain or `{SHA}`, compared in constant time (credentials.ts). Pure.
 */
export function basicAuthorized(header: string | undefined, expected: Credentials): boolean {
  const m = /^basic[ \t]+([A-Za-z0-9+/=]+)[ \t]*$/i.exec(header ?? "");
  if (!m) return false;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon === -1) return false;
  return checkCredentials(expected, { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) });
}

/** What a request without valid credentials gets, as supervisord sends it. */
export const CHALLENGE: [string, string] = ["WWW-Authenticate", 'Basic realm="default"'];
