import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { restoreLauncherEnv, SAVED_NAME } from "./launcher-env.js";

describe("restoreLauncherEnv puts back what bin/graced set aside", () => {
  const table: { row: string; env: Record<string, string>; want: Record<string, string> }[] = [
    {
      row: "set aside: back under its name",
      env: { [SAVED_NAME]: "/etc/ca.pem", PATH: "/bin" },
      want: { NODE_EXTRA_CA_CERTS: "/etc/ca.pem", PATH: "/bin" },
    },
    { row: "set aside empty: back empty", env: { [SAVED_NAME]: "" }, want: { NODE_EXTRA_CA_CERTS: "" } },
    { row: "never set: stays unset", env: { PATH: "/bin" }, want: { PATH: "/bin" } },
    {
      row: "started without the launcher (node bin/graced): as it was",
      env: { NODE_EXTRA_CA_CERTS: "/x.pem" },
      want: { NODE_EXTRA_CA_CERTS: "/x.pem" },
    },
  ];
  for (const t of table) {
    it(t.row, () => {
      const env: Record<string, string | undefined> = { ...t.env };
      restoreLauncherEnv(env);
      assert.deepEqual(env, t.want);
    });
  }
});
