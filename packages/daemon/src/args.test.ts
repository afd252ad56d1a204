import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseGracedArgs, UsageError } from "./args.js";

describe("parseGracedArgs takes supervisord's flags", () => {
  it("-n -c FILE, as a Dockerfile's supervisord line has them", () => {
    const a = parseGracedArgs(["-n", "-c", "/etc/supervisord.conf"]);
    assert.equal(a.configuration, "/etc/supervisord.conf");
    assert.deepEqual(a.overrides, {});
  });

  it("value flags, short and long, become [supervisord] overrides", () => {
    const a = parseGracedArgs([
      "-u",
      "app",
      "-l",
      "/var/log/g.log",
      "-y",
      "5MB",
      "-z",
      "3",
      "-e",
      "debug",
      "-j",
      "/run/g.pid",
      "-i",
      "box",
      "-q",
      "/tmp/logs",
      "-a",
      "4096",
      "--minprocs=100",
      "-m",
      "027",
      "-d",
      "/srv",
    ]);
    assert.deepEqual(a.overrides, {
      user: "app",
      logfile: "/var/log/g.log",
      logfile_maxbytes: "5MB",
      logfile_backups: "3",
      loglevel: "debug",
      pidfile: "/run/g.pid",
      identifier: "box",
      childlogdir: "/tmp/logs",
      minfds: "4096",
      minprocs: "100",
      umask: "027",
      directory: "/srv",
    });
  });

  it("boolean flags -k -t -s", () => {
    assert.deepEqual(parseGracedArgs(["-k", "-t", "-s"]).overrides, { nocleanup: "true", strip_ansi: "true", silent: "true" });
  });

  it("--check --strict --json", () => {
    const a = parseGracedArgs(["-c", "f", "--check", "--strict", "--json"]);
    assert.deepEqual([a.check, a.strict, a.json], [true, true, true]);
  });

  const bad: string[][] = [["--bogus"], ["-c"], ["--json"], ["positional"]];
  for (const argv of bad) it(`${argv.join(" ")} is a usage error`, () => assert.throws(() => parseGracedArgs(argv), UsageError));
});
