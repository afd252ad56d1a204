import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { judgeSocketDir, MAX_SOCKET_PATH_BYTES, type PathProbe, socketPathLengthProblem, trustFor } from "./socket-safety.js";

type Entry = { uid: number; mode: number; link?: string };
const dir = (uid: number, mode: number): Entry => ({ uid, mode: 0o40000 | mode });
const link = (uid: number, to: string): Entry => ({ uid, mode: 0o120777, link: to });

/** A file system as a table: path → owner and mode (and a symlink's target). */
function probe(fs: Record<string, Entry>): PathProbe {
  return {
    lstat(path) {
      const e = fs[path];
      if (!e) return undefined;
      return { uid: e.uid, mode: e.mode, isDirectory: () => (e.mode & 0o170000) === 0o40000, isSymbolicLink: () => e.link !== undefined };
    },
    realpath(path) {
      for (const [p, e] of Object.entries(fs)) if (e.link && (path === p || path.startsWith(`${p}/`))) return e.link + path.slice(p.length);
      if (path in fs) return path;
      throw new Error("ENOENT");
    },
  };
}

const BASE = { "/": dir(0, 0o755), "/run": dir(0, 0o755), "/tmp": dir(0, 0o1777), "/var": dir(0, 0o755) };
const ROOT = trustFor(0, "root");
const USER = trustFor(1000, "graced's user (uid 1000)");

describe("judgeSocketDir", () => {
  const cases: [string, Record<string, Entry>, string, typeof ROOT, ReturnType<typeof judgeSocketDir>][] = [
    ["root's /run/grace", { "/run/grace": dir(0, 0o700) }, "/run/grace/grace.sock", ROOT, { ok: true, shared: false }],
    ["a root-owned 0755 /run as the socket's own directory", {}, "/run/supervisor.sock", ROOT, { ok: true, shared: false }],
    [
      "/var/run, a symlink to /run owned by root",
      { "/var/run": link(0, "/run") },
      "/var/run/supervisor.sock",
      ROOT,
      { ok: true, shared: false },
    ],
    [
      "the user's own /tmp/grace-1000",
      { "/tmp/grace-1000": dir(1000, 0o700) },
      "/tmp/grace-1000/grace.sock",
      USER,
      { ok: true, shared: false },
    ],
    ["sticky /tmp itself (supervisord's sample config)", {}, "/tmp/supervisor.sock", ROOT, { ok: true, shared: true }],
    [
      "/tmp/grace-0 pre-created 0777 by another user",
      { "/tmp/grace-0": dir(65534, 0o777) },
      "/tmp/grace-0/grace.sock",
      ROOT,
      { ok: false, message: "/tmp/grace-0 is owned by uid 65534 (mode 0777), not by root" },
    ],
    [
      "a root-owned directory left 0777",
      { "/tmp/grace-0": dir(0, 0o777) },
      "/tmp/grace-0/grace.sock",
      ROOT,
      { ok: false, message: "/tmp/grace-0 is writable by group and others (mode 0777, owner uid 0) and not sticky" },
    ],
    [
      "a group-writable directory",
      { "/tmp/grace-1000": dir(1000, 0o770) },
      "/tmp/grace-1000/grace.sock",
      USER,
      { ok: false, message: "/tmp/grace-1000 is writable by group (mode 0770, owner uid 1000) and not sticky" },
    ],
    [
      "another user's 0700 directory, for a non-root graced",
      { "/tmp/grace-1000": dir(1001, 0o700) },
      "/tmp/grace-1000/grace.sock",
      USER,
      { ok: false, message: "/tmp/grace-1000 is owned by uid 1001 (mode 0700), not by graced's user (uid 1000) or root" },
    ],
    [
      "a safe directory inside a world-writable, non-sticky one (it can be renamed away)",
      { "/srv": dir(0, 0o777), "/srv/app": dir(0, 0o700) },
      "/srv/app/grace.sock",
      ROOT,
      { ok: false, message: "/srv is writable by group and others (mode 0777, owner uid 0) and not sticky" },
    ],
    [
      "another user's symlink in /tmp (they may point it elsewhere at any time)",
      { "/tmp/grace-0": link(65534, "/run/grace"), "/run/grace": dir(0, 0o700) },
      "/tmp/grace-0/grace.sock",
      ROOT,
      { ok: false, message: "/tmp/grace-0 is owned by uid 65534 (mode 0777), not by root" },
    ],
    [
      "root's symlink to an unsafe directory: the real path is judged too",
      { "/var/run": link(0, "/srv/run"), "/srv": dir(0, 0o755), "/srv/run": dir(0, 0o777) },
      "/var/run/grace.sock",
      ROOT,
      { ok: false, message: "/srv/run is writable by group and others (mode 0777, owner uid 0) and not sticky" },
    ],
    [
      "a file where a directory should be",
      { "/run/grace": { uid: 0, mode: 0o100644 } },
      "/run/grace/grace.sock",
      ROOT,
      { ok: false, message: "/run/grace is not a directory" },
    ],
    [
      "another user's socket squatting the path in sticky /tmp",
      { "/tmp/supervisor.sock": { uid: 1000, mode: 0o140755 } },
      "/tmp/supervisor.sock",
      ROOT,
      { ok: false, message: "/tmp/supervisor.sock is owned by uid 1000 (mode 0755), not by root, in a directory that others may write to" },
    ],
    [
      "root's own socket in sticky /tmp",
      { "/tmp/supervisor.sock": { uid: 0, mode: 0o140700 } },
      "/tmp/supervisor.sock",
      ROOT,
      { ok: true, shared: true },
    ],
    ["a directory that does not exist yet ends the walk", {}, "/run/grace/grace.sock", ROOT, { ok: true, shared: false }],
  ];
  for (const [name, extra, socket, trust, expected] of cases) {
    it(name, () => assert.deepEqual(judgeSocketDir(socket, probe({ ...BASE, ...extra }), trust), expected));
  }
});

describe("socketPathLengthProblem", () => {
  it("accepts 107 bytes and refuses 108, counting bytes, not characters", () => {
    assert.equal(socketPathLengthProblem(`/${"a".repeat(MAX_SOCKET_PATH_BYTES - 1)}`), null);
    assert.match(
      socketPathLengthProblem(`/${"a".repeat(MAX_SOCKET_PATH_BYTES)}`) ?? "",
      /is 108 bytes long; a Unix socket path may be at most 107 bytes$/,
    );
    assert.match(socketPathLengthProblem(`/${"é".repeat(54)}`) ?? "", /is 109 bytes long/);
  });
});
