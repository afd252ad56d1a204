import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ReadyCheck } from "./model.js";
import { formatReadyCheck, parseReadyCheck } from "./ready-check.js";
import { ValueError } from "./values.js";

describe("parseReadyCheck", () => {
  const cases: [string, ReadyCheck, string][] = [
    ["tcp:db:5432", { kind: "tcp", host: "db", port: 5432 }, "tcp:db:5432"],
    ["tcp:5432", { kind: "tcp", host: "127.0.0.1", port: 5432 }, "tcp:127.0.0.1:5432"],
    ["TCP:[::1]:6379", { kind: "tcp", host: "::1", port: 6379 }, "tcp:[::1]:6379"],
    ["http://127.0.0.1:8080/healthz", { kind: "http", host: "127.0.0.1", port: 8080, path: "/healthz" }, "http://127.0.0.1:8080/healthz"],
    ["http://localhost/", { kind: "http", host: "localhost", port: 80, path: "/" }, "http://localhost:80/"],
    [
      "http://localhost:81/ready?deep=1",
      { kind: "http", host: "localhost", port: 81, path: "/ready?deep=1" },
      "http://localhost:81/ready?deep=1",
    ],
    ["http://[::1]:9000/up", { kind: "http", host: "::1", port: 9000, path: "/up" }, "http://[::1]:9000/up"],
    ["exec:pg_isready -h 127.0.0.1", { kind: "exec", command: "pg_isready -h 127.0.0.1" }, "exec:pg_isready -h 127.0.0.1"],
    ["exec: sh -c 'test -S /run/x.sock'", { kind: "exec", command: "sh -c 'test -S /run/x.sock'" }, "exec:sh -c 'test -S /run/x.sock'"],
    ["log:ready to accept connections", { kind: "log", pattern: "ready to accept connections" }, "log:ready to accept connections"],
    ["log:^listening on \\d+$", { kind: "log", pattern: "^listening on \\d+$" }, "log:^listening on \\d+$"],
    ["file:/run/app/ready", { kind: "file", path: "/run/app/ready" }, "file:/run/app/ready"],
  ];
  for (const [input, expected, canonical] of cases) {
    it(`${JSON.stringify(input)} → ${expected.kind}, written back as ${canonical}`, () => {
      const check = parseReadyCheck(input);
      assert.deepEqual(check, expected);
      assert.equal(formatReadyCheck(check), canonical);
    });
  }

  const bad: [string, RegExp][] = [
    ["tcp:db", /expected a port 1-65535, got "db"/],
    ["tcp:db:0", /expected a port 1-65535, got "0"/],
    ["tcp:db:70000", /expected a port 1-65535, got "70000"/],
    ["tcp:db:5432:1", /expected tcp:HOST:PORT/],
    ["tcp:::1:5432", /expected tcp:HOST:PORT/],
    ["tcp:", /expected a port/],
    ["https://localhost/", /https is not supported/],
    ["http://", /not a valid http URL/],
    ["http://:80/", /not a valid http URL/],
    ["exec:", /exec: needs a command/],
    ["exec:sh -c 'unterminated", /unterminated ' quote/],
    ["log:", /log: needs a regular expression/],
    ["log:([a-z]", /not a valid regular expression/],
    ["file:", /file: needs a path/],
    ["localhost:8080", /expected tcp:HOST:PORT, http:\/\/HOST:PORT\/PATH, exec:COMMAND, log:REGEX or file:PATH, got "localhost:8080"/],
    ["", /expected tcp:HOST:PORT/],
  ];
  for (const [input, message] of bad) {
    it(`${JSON.stringify(input)} is an error quoting the value`, () => {
      assert.throws(
        () => parseReadyCheck(input),
        (e: unknown) => e instanceof ValueError && message.test(e.message) && e.message.includes(JSON.stringify(input)),
      );
    });
  }
});
