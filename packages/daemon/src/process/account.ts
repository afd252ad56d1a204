import { readFileSync } from "node:fs";

/** The account a program runs as (`user =`): what setuid, setgid, setgroups and the environment need. */
export type Account = { name: string; uid: number; gid: number; home: string; shell: string; groups: number[] };

/**
 * Find `user` (a name or a numeric uid) in passwd/group text, as getpwnam + getgrouplist would.
 * Pure, so it is tested as a table; `lookupAccount` reads the real files.
 */
export function findAccount(user: string, passwd: string, group: string): Account {
  const wanted = user.trim();
  const rows = passwd.split("\n").map((l) => l.split(":"));
  const row =
    rows.find((f) => f.length >= 7 && f[0] === wanted) ??
    (/^\d+$/.test(wanted) ? rows.find((f) => f.length >= 7 && f[2] === wanted) : undefined);
  if (!row) {
    if (/^\d+$/.test(wanted)) {
      // a bare uid without a passwd entry still works, as supervisord allows it
      const uid = Number(wanted);
      return { name: wanted, uid, gid: uid, home: "/", shell: "/bin/sh", groups: [uid] };
    }
    throw new Error(`can't find user '${wanted}'`);
  }
  const [name = wanted, , uid = "0", gid = "0", , home = "/", shell = "/bin/sh"] = row;
  const groups = new Set([Number(gid)]);
  for (const line of group.split("\n")) {
    const [, , id, members = ""] = line.split(":");
    if (id !== undefined && members.split(",").includes(name)) groups.add(Number(id));
  }
  return { name, uid: Number(uid), gid: Number(gid), home, shell, groups: [...groups] };
}

function read(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

export function lookupAccount(user: string): Account {
  return findAccount(user, read("/etc/passwd"), read("/etc/group"));
}

/**
 * The account to switch to, or null when no switch is needed. Only root can switch; anyone else
 * asking for another user gets a clear error (SPEC §3) instead of a child that fails on EPERM.
 */
export function targetAccount(user: string | null, myUid: number): Account | null {
  if (user === null) return null;
  const account = lookupAccount(user);
  if (account.uid === myUid) return null;
  if (myUid !== 0) throw new Error(`cannot run as user '${user}': graced is not running as root`);
  return account;
}
