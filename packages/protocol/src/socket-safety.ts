import { dirname, posix } from "node:path";

/**
 * Whether a control socket's path can be trusted, shared by both sides: graced refuses to
 * listen where another user could replace its socket (SPEC §5), and gracectl refuses to send a
 * password there. Pure: the caller supplies the file-system probe.
 */

/** sun_path holds 108 bytes with the terminating NUL; a longer path is silently cut by bind(2). */
export const MAX_SOCKET_PATH_BYTES = 107;

/** Why `path` cannot name a Unix socket, or null when it can. */
export function socketPathLengthProblem(path: string): string | null {
  const bytes = Buffer.byteLength(path);
  if (bytes <= MAX_SOCKET_PATH_BYTES) return null;
  return `${JSON.stringify(path)} is ${bytes} bytes long; a Unix socket path may be at most ${MAX_SOCKET_PATH_BYTES} bytes`;
}

/**
 * What lstat says about one path (`undefined`: it does not exist), and a path's real path:
 * node:fs's `lstatSync(p, { throwIfNoEntry: false })` and `realpathSync` fit. A probe that
 * throws (a directory that may not be searched) ends the walk like a missing entry.
 */
export type PathStat = { uid: number; mode: number; isDirectory(): boolean; isSymbolicLink(): boolean };
export type PathProbe = { lstat(path: string): PathStat | undefined; realpath(path: string): string };

/** The users whose directories are trusted (root and the caller), and how to name the caller. */
export type Trust = { uids: readonly number[]; who: string };

export const trustFor = (uid: number, who: string): Trust => ({ uids: uid === 0 ? [0] : [0, uid], who });

export type SocketDirVerdict =
  /** `shared`: the socket's own directory is sticky and writable by others, as /tmp is. */
  { ok: true; shared: boolean } | { ok: false; message: string };

const STICKY = 0o1000;
const WRITABLE_BY_OTHERS = 0o022;

export const octalMode = (mode: number) => (mode & 0o7777).toString(8).padStart(4, "0");

/**
 * Judge every directory from `/` down to the socket's own directory, along the path as written
 * and along its real path when a symlink is on the way: whoever may rename an entry of any of
 * them can put their own socket in graced's place. A directory is safe when root or the caller
 * owns it and group and others cannot write to it; sticky directories (/tmp) are safe too, since
 * others may not rename or remove what they do not own, but there a file already at the socket's
 * path must belong to root or the caller too. A missing directory ends the walk.
 */
export function judgeSocketDir(socketPath: string, probe: PathProbe, trust: Trust): SocketDirVerdict {
  const dir = dirname(socketPath);
  const seen = new Set<string>();
  let own: PathStat | null = null;
  let linked = false;
  const visit = (paths: string[]): string | null => {
    for (const path of paths) {
      if (seen.has(path)) continue;
      seen.add(path);
      const st = attempt(() => probe.lstat(path));
      if (st === undefined) return null;
      const why = unsafe(st, trust);
      if (why) return `${path} ${why}`;
      if (st.isSymbolicLink()) linked = true;
      else own = st;
    }
    return null;
  };
  let problem = visit(ancestors(dir));
  const real = linked && problem === null ? attempt(() => probe.realpath(dir)) : undefined;
  if (real !== undefined) problem = visit(ancestors(real));
  if (problem !== null) return { ok: false, message: problem };
  const last = own as PathStat | null; // assigned inside visit(), which TypeScript does not follow
  const shared = last !== null && (last.mode & WRITABLE_BY_OTHERS) !== 0;
  const squatter = shared ? attempt(() => probe.lstat(socketPath)) : undefined;
  if (squatter && !trust.uids.includes(squatter.uid)) {
    return { ok: false, message: `${socketPath} ${ownerProblem(squatter, trust)}, in a directory that others may write to` };
  }
  return { ok: true, shared };
}

/** Why this one entry could let another user swap what lies below it; null when it cannot. */
function unsafe(st: PathStat, trust: Trust): string | null {
  if (!trust.uids.includes(st.uid)) return ownerProblem(st, trust);
  if (st.isSymbolicLink()) return null; // a link's own mode means nothing; its directory is judged
  if (!st.isDirectory()) return "is not a directory";
  if ((st.mode & WRITABLE_BY_OTHERS) === 0 || (st.mode & STICKY) !== 0) return null;
  const by = [st.mode & 0o020 ? "group" : "", st.mode & 0o002 ? "others" : ""].filter(Boolean).join(" and ");
  return `is writable by ${by} (mode ${octalMode(st.mode)}, owner uid ${st.uid}) and not sticky`;
}

function attempt<T>(read: () => T | undefined): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function ownerProblem(st: PathStat, trust: Trust): string {
  const owners = trust.uids.length === 1 ? "root" : `${trust.who} or root`;
  return `is owned by uid ${st.uid} (mode ${octalMode(st.mode)}), not by ${owners}`;
}

/** `/a/b` → `/`, `/a`, `/a/b`. */
function ancestors(dir: string): string[] {
  const out: string[] = [];
  for (let d = posix.normalize(dir); ; d = posix.dirname(d)) {
    out.unshift(d);
    if (d === "/" || d === ".") return out;
  }
}
