import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseQuick, type QuickCall } from "./quick.js";

// The quick path takes a command line only when it reads it exactly as commander would; any
// other goes to the full CLI (null), which then words errors and help as it always has.
describe("parseQuick", () => {
  const table: { args: string[]; want: QuickCall | null }[] = [
    { args: ["status"], want: { verb: "status", names: [], ready: false, globals: {} } },
    { args: ["status", "web", "db:*"], want: { verb: "status", names: ["web", "db:*"], ready: false, globals: {} } },
    { args: ["status", "all"], want: { verb: "status", names: [], ready: false, globals: {} } },
    { args: ["health"], want: { verb: "health", names: [], ready: false, globals: {} } },
    { args: ["health", "--ready", "web"], want: { verb: "health", names: ["web"], ready: true, globals: {} } },
    { args: ["health", "web", "--ready"], want: { verb: "health", names: ["web"], ready: true, globals: {} } },
    {
      args: ["-c", "/etc/grace.conf", "--json", "status"],
      want: { verb: "status", names: [], ready: false, globals: { configuration: "/etc/grace.conf", json: true } },
    },
    {
      args: ["--configuration=/etc/g.conf", "--serverurl", "unix:///run/g.sock", "--no-color", "health"],
      want: {
        verb: "health",
        names: [],
        ready: false,
        globals: { configuration: "/etc/g.conf", serverurl: "unix:///run/g.sock", color: false },
      },
    },
    {
      args: ["-s", "unix:///a.sock", "-s", "unix:///b.sock", "status"],
      want: { verb: "status", names: [], ready: false, globals: { serverurl: "unix:///b.sock" } },
    },
    // everything else is the full CLI's
    { args: [], want: null },
    { args: ["stop", "all"], want: null },
    { args: ["--help"], want: null },
    { args: ["-v"], want: null },
    { args: ["status", "--help"], want: null },
    { args: ["status", "-w"], want: null },
    { args: ["status", "--ready"], want: null },
    { args: ["status", "--", "web"], want: null },
    { args: ["status", ""], want: null },
    { args: ["health", "--bogus"], want: null },
    { args: ["--timeout", "3", "status"], want: null },
    { args: ["-u", "ops", "-p", "pw", "status"], want: null },
    { args: ["-cgrace.conf", "status"], want: null },
    { args: ["-c"], want: null },
    { args: ["-c", "--json", "status"], want: null },
    { args: ["--configuration=", "status"], want: null },
    { args: ["--json=yes", "status"], want: null },
    { args: ["--json"], want: null },
    { args: ["Status"], want: null },
  ];
  for (const t of table) {
    it(JSON.stringify(t.args), () => assert.deepEqual(parseQuick(t.args), t.want));
  }
});
